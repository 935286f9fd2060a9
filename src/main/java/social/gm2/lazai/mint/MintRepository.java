package social.gm2.lazai.mint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code mint} rows, their transitions, their ciphertexts, and the original service's {@code
 * LazAIMintDAT} and {@code Project} columns that existing readers use. Every state change checks
 * the version it read, so two workers on one mint cannot both move it.
 */
public class MintRepository {
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;

  public MintRepository(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
  }

  public Optional<Mint> find(String tokenAddress) {
    return jdbc
        .query("SELECT * FROM mint WHERE token_address = ?", this::row, tokenAddress)
        .stream()
        .findFirst();
  }

  public List<Mint> unsettled() {
    return jdbc.query(
        "SELECT * FROM mint WHERE state NOT IN ('REWARDED', 'ATTESTED', 'FAILED') ORDER BY id",
        this::row);
  }

  /** Unsettled mints due for another run at {@code now} and not leased by a live worker. */
  public List<Mint> due(Instant now, int limit) {
    Timestamp at = Timestamp.from(now);
    return jdbc.query(
        "SELECT * FROM mint WHERE state NOT IN ('REWARDED', 'ATTESTED', 'FAILED')"
            + " AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until < ?)"
            + " ORDER BY next_attempt_at LIMIT ?",
        this::row,
        at,
        at,
        limit);
  }

  /**
   * Takes (or renews) the mint's lease for {@code owner} until {@code until}: only one worker runs
   * a mint's steps at a time, and a crashed worker's lease runs out. False if another holds it.
   */
  public boolean lease(long mintId, String owner, Instant now, Instant until) {
    return jdbc.update(
            "UPDATE mint SET lease_owner = ?, leased_until = ? WHERE id = ?"
                + " AND (leased_until IS NULL OR leased_until < ? OR lease_owner = ?)",
            owner,
            Timestamp.from(until),
            mintId,
            Timestamp.from(now),
            owner)
        == 1;
  }

  public void release(long mintId, String owner) {
    jdbc.update(
        "UPDATE mint SET lease_owner = NULL, leased_until = NULL WHERE id = ? AND lease_owner = ?",
        mintId,
        owner);
  }

  /**
   * Stores a new, already encrypted mint with its ciphertext and the transitions ACCEPTED and
   * ENCRYPTED, in one transaction; fails with a duplicate-key error if the token has a mint.
   */
  public Mint create(NewMint mint) {
    return transactions.execute(
        status -> {
          jdbc.update(
              "INSERT INTO mint (token_address, file_name, plaintext_size, state, seed,"
                  + " next_attempt_at) VALUES (?, ?, ?, 'ENCRYPTED', ?, ?)",
              mint.tokenAddress(),
              mint.fileName(),
              mint.plaintextSize(),
              mint.seed(),
              Timestamp.from(mint.sweepAfter()));
          Mint created = find(mint.tokenAddress()).orElseThrow();
          jdbc.update(
              "INSERT INTO mint_payload (mint_id, ciphertext, sha256) VALUES (?, ?, ?)",
              created.id(),
              mint.ciphertext(),
              mint.ciphertextSha256());
          transition(created.id(), null, MintState.ACCEPTED, "submitted");
          transition(created.id(), MintState.ACCEPTED, MintState.ENCRYPTED, "encrypted");
          return created;
        });
  }

  public byte[] ciphertext(long mintId) {
    return jdbc.queryForObject(
        "SELECT ciphertext FROM mint_payload WHERE mint_id = ?", byte[].class, mintId);
  }

  public Mint uploaded(Mint m, String cid, String url) {
    return advance(m, MintState.UPLOADED, "cid " + cid, "cid = ?, url = ?", cid, url);
  }

  public Mint registered(Mint m, BigInteger fileId, String txHash) {
    return advance(
        m,
        MintState.REGISTERED,
        "file " + fileId,
        "file_id = ?, register_tx_hash = ?",
        fileId,
        txHash);
  }

  /** A job requested for the file: the first, or another when the last one was overdue. */
  public Mint proofRequested(Mint m, BigInteger jobId, String node, String txHash, String detail) {
    return advance(
        m,
        MintState.PROOF_REQUESTED,
        detail + ": job " + jobId + " node " + node,
        "job_id = ?, node_address = ?, proof_tx_hash = ?, proof_requested_at = ?,"
            + " proof_requests = proof_requests + 1",
        jobId,
        node,
        txHash,
        Timestamp.from(clock.instant()));
  }

  public Mint proofSubmitted(Mint m, BigInteger proofIndex) {
    return advance(
        m, MintState.PROOF_SUBMITTED, "proof " + proofIndex, "proof_index = ?", proofIndex);
  }

  /** The reward is claimed: the ciphertext is no longer needed and is deleted in the same step. */
  public Mint rewarded(Mint m, BigInteger tokenId, BigInteger amount, String txHash, long block) {
    return transactions.execute(
        status -> {
          jdbc.update("DELETE FROM mint_payload WHERE mint_id = ?", m.id());
          return advance(
              m,
              MintState.REWARDED,
              "DAT " + tokenId + " amount " + amount,
              "dat_token_id = ?, dat_amount = ?, reward_tx_hash = ?, reward_block_number = ?",
              tokenId,
              amount,
              txHash,
              block);
        });
  }

  /**
   * A failed attempt; {@code permanent} ones move the mint to FAILED, others make it due again at
   * {@code nextAttempt}.
   */
  public Mint failed(Mint m, String error, boolean permanent, Instant nextAttempt) {
    String reason = error.length() > 1000 ? error.substring(0, 997) + "..." : error;
    if (permanent) {
      return advance(
          m, MintState.FAILED, reason, "attempts = attempts + 1, last_error = ?", reason);
    }
    jdbc.update(
        "UPDATE mint SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?",
        reason,
        Timestamp.from(nextAttempt),
        m.id());
    return find(m.tokenAddress()).orElseThrow();
  }

  /** The state a FAILED mint failed in. */
  public MintState failedIn(Mint m) {
    return MintState.valueOf(
        jdbc.queryForObject(
            "SELECT from_state FROM mint_transition WHERE mint_id = ? AND to_state = 'FAILED'"
                + " ORDER BY id DESC LIMIT 1",
            String.class,
            m.id()));
  }

  /**
   * A FAILED mint back in the state it failed in, due at once; a job it was waiting for gets a new
   * deadline.
   */
  public Mint retried(Mint m, MintState back) {
    Timestamp now = Timestamp.from(clock.instant());
    return back == MintState.PROOF_REQUESTED
        ? advance(
            m,
            back,
            "retried",
            "last_error = NULL, next_attempt_at = ?, proof_requested_at = ?",
            now,
            now)
        : advance(m, back, "retried", "last_error = NULL, next_attempt_at = ?", now);
  }

  /** The original service's row for the token, filled as it filled it. */
  public void recordLegacy(
      String token, BigInteger fileId, BigInteger jobId, String txHash, Long blockNumber) {
    jdbc.update(
        "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId, transactionHash, blockNumber)"
            + " VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE"
            + " fileId = COALESCE(VALUES(fileId), fileId), jobId = COALESCE(VALUES(jobId), jobId),"
            + " transactionHash = COALESCE(VALUES(transactionHash), transactionHash),"
            + " blockNumber = COALESCE(VALUES(blockNumber), blockNumber)",
        token,
        decimal(fileId),
        decimal(jobId),
        txHash,
        blockNumber);
  }

  /** Sets the original {@code Project.isAIAttested} flag, if the platform has that project. */
  public void markProjectAttested(String token) {
    jdbc.update("UPDATE Project SET isAIAttested = 1 WHERE tokenAddress = ?", token);
  }

  public List<String> transitions(long mintId) {
    return jdbc.queryForList(
        "SELECT to_state FROM mint_transition WHERE mint_id = ? ORDER BY id", String.class, mintId);
  }

  private Mint advance(Mint m, MintState to, String detail, String set, Object... values) {
    List<Object> args = new ArrayList<>();
    for (Object value : values) {
      args.add(value instanceof BigInteger b ? new BigDecimal(b) : value);
    }
    args.add(to.name());
    args.add(m.id());
    args.add(m.version());
    int updated =
        jdbc.update(
            "UPDATE mint SET "
                + set
                + ", state = ?, version = version + 1 WHERE id = ? AND version = ?",
            args.toArray());
    if (updated == 0) {
      throw new OptimisticLockingFailureException(
          "mint token=" + m.tokenAddress() + " moved on while " + to + " was being recorded");
    }
    transition(m.id(), m.state(), to, detail);
    return find(m.tokenAddress()).orElseThrow();
  }

  private void transition(long mintId, MintState from, MintState to, String detail) {
    jdbc.update(
        "INSERT INTO mint_transition (mint_id, from_state, to_state, occurred_at, detail)"
            + " VALUES (?, ?, ?, ?, ?)",
        mintId,
        from == null ? null : from.name(),
        to.name(),
        Timestamp.from(clock.instant()),
        detail);
  }

  private static BigDecimal decimal(BigInteger value) {
    return value == null ? null : new BigDecimal(value);
  }

  Mint row(ResultSet rs, int n) throws SQLException {
    return new Mint(
        rs.getLong("id"),
        rs.getString("token_address"),
        rs.getString("file_name"),
        MintState.valueOf(rs.getString("state")),
        rs.getInt("version"),
        rs.getString("seed"),
        rs.getObject("plaintext_size", Long.class),
        rs.getString("cid"),
        rs.getString("url"),
        integer(rs, "file_id"),
        integer(rs, "job_id"),
        rs.getString("node_address"),
        rs.getString("register_tx_hash"),
        rs.getString("proof_tx_hash"),
        instant(rs, "proof_requested_at"),
        rs.getInt("proof_requests"),
        integer(rs, "proof_index"),
        rs.getString("reward_tx_hash"),
        rs.getObject("reward_block_number", Long.class),
        integer(rs, "dat_token_id"),
        integer(rs, "dat_amount"),
        rs.getInt("attempts"),
        instant(rs, "next_attempt_at"),
        rs.getString("last_error"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private static BigInteger integer(ResultSet rs, String column) throws SQLException {
    BigDecimal value = rs.getBigDecimal(column);
    return value == null ? null : value.toBigIntegerExact();
  }

  /** A validated, encrypted submission; the sweeper runs it after {@code sweepAfter}. */
  public record NewMint(
      String tokenAddress,
      String fileName,
      long plaintextSize,
      String seed,
      byte[] ciphertext,
      String ciphertextSha256,
      Instant sweepAfter) {}
}
