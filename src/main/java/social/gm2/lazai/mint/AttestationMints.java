package social.gm2.lazai.mint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.attestation.Attestation;

/**
 * The mint rows as attestation tracking sees them, and the two transitions it makes: REWARDED →
 * ATTESTED with the original columns filled ({@code LazAIMintDAT.attestator}, {@code
 * attestatorHash}, {@code attestatorBlockNumber}, {@code Project.isAIAttested}), and back when a
 * reorg revokes the attestation. Both are conditional on the state (and for a revoke, on the
 * attestation's tx hash), so the poller's event, the backfill and a queue check may race freely.
 */
final class AttestationMints {
  private static final String SELECT =
      "SELECT m.id, m.token_address, m.state, m.file_id, m.job_id, m.reward_block_number,"
          + " m.attestator, m.attestation_tx_hash, m.attestation_block_number,"
          + " (SELECT MIN(t.occurred_at) FROM mint_transition t"
          + "   WHERE t.mint_id = m.id AND t.to_state = 'REWARDED') AS rewarded_at,"
          + " (SELECT o.flagged_at FROM mint_attestation_overdue o WHERE o.mint_id = m.id)"
          + "   AS overdue_at"
          + " FROM mint m ";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;

  AttestationMints(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
  }

  /** A mint with what attestation tracking needs of it. */
  record Row(
      long id,
      String tokenAddress,
      MintState state,
      BigInteger fileId,
      BigInteger jobId,
      Long rewardBlock,
      String attestator,
      String attestationTxHash,
      Long attestationBlock,
      Instant rewardedAt,
      Instant overdueAt) {}

  Optional<Row> byToken(String token) {
    return jdbc.query(SELECT + "WHERE m.token_address = ?", this::row, token).stream().findFirst();
  }

  List<Row> byJob(BigInteger jobId) {
    return jdbc.query(SELECT + "WHERE m.job_id = ?", this::row, new BigDecimal(jobId));
  }

  /** Every mint whose attestation matters now: REWARDED (waiting) and ATTESTED (to re-check). */
  List<Row> rewardedOrAttested() {
    return jdbc.query(
        SELECT + "WHERE m.state IN ('REWARDED', 'ATTESTED') ORDER BY m.id", this::row);
  }

  boolean attest(Row m, Attestation a) {
    return Boolean.TRUE.equals(
        transactions.execute(
            status -> {
              int moved =
                  jdbc.update(
                      "UPDATE mint SET state = 'ATTESTED', attestator = ?,"
                          + " attestation_tx_hash = ?, attestation_block_number = ?,"
                          + " version = version + 1 WHERE id = ? AND state = 'REWARDED'",
                      a.attestator(),
                      a.txHash(),
                      a.blockNumber(),
                      m.id());
              if (moved == 0) {
                return false;
              }
              transition(
                  m.id(),
                  MintState.REWARDED,
                  MintState.ATTESTED,
                  "attested by "
                      + a.attestator()
                      + " tx "
                      + a.txHash()
                      + " block "
                      + a.blockNumber());
              jdbc.update(
                  "UPDATE LazAIMintDAT SET attestator = ?, attestatorHash = ?,"
                      + " attestatorBlockNumber = ? WHERE tokenAddress = ?",
                  a.attestator(),
                  a.txHash(),
                  a.blockNumber(),
                  m.tokenAddress());
              jdbc.update(
                  "UPDATE Project SET isAIAttested = 1 WHERE tokenAddress = ?", m.tokenAddress());
              jdbc.update("DELETE FROM mint_attestation_overdue WHERE mint_id = ?", m.id());
              return true;
            }));
  }

  boolean revoke(Row m, String txHash, String reason, boolean keepProjectFlag) {
    return Boolean.TRUE.equals(
        transactions.execute(
            status -> {
              int moved =
                  jdbc.update(
                      "UPDATE mint SET state = 'REWARDED', attestator = NULL,"
                          + " attestation_tx_hash = NULL, attestation_block_number = NULL,"
                          + " version = version + 1"
                          + " WHERE id = ? AND state = 'ATTESTED' AND attestation_tx_hash = ?",
                      m.id(),
                      txHash);
              if (moved == 0) {
                return false;
              }
              transition(m.id(), MintState.ATTESTED, MintState.REWARDED, "revoked: " + reason);
              jdbc.update(
                  "UPDATE LazAIMintDAT SET attestator = NULL, attestatorHash = NULL,"
                      + " attestatorBlockNumber = NULL WHERE tokenAddress = ?",
                  m.tokenAddress());
              if (!keepProjectFlag) {
                jdbc.update(
                    "UPDATE Project SET isAIAttested = 0 WHERE tokenAddress = ?", m.tokenAddress());
              }
              return true;
            }));
  }

  /** Whether this call flagged the mint (it was not flagged before). */
  boolean flagOverdue(long mintId) {
    return jdbc.update(
            "INSERT IGNORE INTO mint_attestation_overdue (mint_id, flagged_at) VALUES (?, ?)",
            mintId,
            Timestamp.from(clock.instant()))
        == 1;
  }

  private void transition(long mintId, MintState from, MintState to, String detail) {
    jdbc.update(
        "INSERT INTO mint_transition (mint_id, from_state, to_state, occurred_at, detail)"
            + " VALUES (?, ?, ?, ?, ?)",
        mintId,
        from.name(),
        to.name(),
        Timestamp.from(clock.instant()),
        detail.length() > 1000 ? detail.substring(0, 1000) : detail);
  }

  private Row row(ResultSet rs, int n) throws SQLException {
    return new Row(
        rs.getLong("id"),
        rs.getString("token_address"),
        MintState.valueOf(rs.getString("state")),
        integer(rs, "file_id"),
        integer(rs, "job_id"),
        rs.getObject("reward_block_number", Long.class),
        rs.getString("attestator"),
        rs.getString("attestation_tx_hash"),
        rs.getObject("attestation_block_number", Long.class),
        instant(rs, "rewarded_at"),
        instant(rs, "overdue_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static BigInteger integer(ResultSet rs, String column) throws SQLException {
    BigDecimal value = rs.getBigDecimal(column);
    return value == null ? null : value.toBigIntegerExact();
  }
}
