package social.gm2.lazai.mint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the service knows of one transaction, for the dashboard's transaction view when no block
 * explorer is configured: the service's own record of it ({@code chain_tx} and its signed attempts,
 * when one of the service's wallets sent it) and the mints that name it. Read-only transactions, so
 * from a read replica when there is one. Never the signed bytes or the calldata, only its size.
 */
public final class TransactionQueries {
  private static final String[] ROLES = {
    "register", "permission", "proof request", "reward", "transfer", "attestation"
  };
  private static final String[] COLUMNS = {
    "register_tx_hash",
    "permission_tx_hash",
    "proof_tx_hash",
    "reward_tx_hash",
    "transfer_tx_hash",
    "attestation_tx_hash"
  };

  private final JdbcTemplate jdbc;
  private final TransactionTemplate reads;

  TransactionQueries(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.reads = new TransactionTemplate(transactions);
    this.reads.setReadOnly(true);
  }

  /** One signed attempt (a fee bump signs another with the same nonce). */
  public record Attempt(String hash, BigInteger gasPrice, Instant sentAt) {}

  /** A transaction one of the service's wallets sent; {@code dataBytes}: the calldata's size. */
  public record Sent(
      String wallet,
      long nonce,
      String purpose,
      String to,
      BigInteger valueWei,
      long gasLimit,
      String state,
      String minedHash,
      Long blockNumber,
      int dataBytes,
      Instant createdAt,
      Instant updatedAt,
      List<Attempt> attempts) {}

  /** A mint that names the transaction, and as what (register, reward, attestation…). */
  public record Use(String tokenAddress, String role, MintState state, Long attestationBlock) {}

  /** What is known of {@code hash}; {@code sent} empty when no wallet of the service sent it. */
  public record Transaction(String hash, Optional<Sent> sent, List<Use> uses) {}

  /** What is known of the transaction {@code hash} (lower-case 0x hex), empty when nothing is. */
  public Optional<Transaction> find(String hash) {
    return reads.execute(
        status -> {
          Optional<Sent> sent = sent(hash);
          List<Use> uses = uses(hash);
          return sent.isEmpty() && uses.isEmpty()
              ? Optional.<Transaction>empty()
              : Optional.of(new Transaction(hash, sent, uses));
        });
  }

  private Optional<Sent> sent(String hash) {
    List<Long> ids =
        jdbc.queryForList(
            "SELECT id FROM chain_tx WHERE mined_hash = ?"
                + " UNION SELECT tx_id FROM chain_tx_attempt WHERE hash = ?",
            Long.class,
            hash,
            hash);
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    long id = ids.get(0);
    List<Attempt> attempts =
        jdbc.query(
            "SELECT hash, gas_price, sent_at FROM chain_tx_attempt WHERE tx_id = ? ORDER BY id",
            (rs, n) ->
                new Attempt(
                    rs.getString("hash"),
                    rs.getBigDecimal("gas_price").toBigIntegerExact(),
                    instant(rs, "sent_at")),
            id);
    return jdbc
        .query(
            "SELECT * FROM chain_tx WHERE id = ?", (rs, n) -> sent(rs, List.copyOf(attempts)), id)
        .stream()
        .findFirst();
  }

  private static Sent sent(ResultSet rs, List<Attempt> attempts) throws SQLException {
    String data = rs.getString("data");
    BigDecimal value = rs.getBigDecimal("value_wei");
    return new Sent(
        rs.getString("wallet"),
        rs.getLong("nonce"),
        rs.getString("purpose"),
        rs.getString("to_address"),
        value.toBigIntegerExact(),
        rs.getLong("gas_limit"),
        rs.getString("state"),
        rs.getString("mined_hash"),
        rs.getObject("block_number") == null ? null : rs.getLong("block_number"),
        data == null || data.length() < 2 ? 0 : (data.length() - 2) / 2,
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        attempts);
  }

  /** The mints naming {@code hash}: an operator's page, so a scan of the hash columns is fine. */
  private List<Use> uses(String hash) {
    String where = String.join(" = ? OR ", COLUMNS) + " = ?";
    Object[] args = new Object[COLUMNS.length];
    java.util.Arrays.fill(args, hash);
    return jdbc.query(
        "SELECT * FROM mint WHERE " + where + " ORDER BY id",
        (rs, n) -> {
          for (int i = 0; i < COLUMNS.length; i++) {
            if (hash.equalsIgnoreCase(rs.getString(COLUMNS[i]))) {
              boolean attestation = COLUMNS[i].equals("attestation_tx_hash");
              return new Use(
                  rs.getString("token_address"),
                  ROLES[i],
                  MintState.valueOf(rs.getString("state")),
                  attestation ? rs.getObject("attestation_block_number", Long.class) : null);
            }
          }
          throw new IllegalStateException("a mint matched no hash column");
        },
        args);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
