package social.gm2.lazai.chain.tx;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * The transaction outbox in MySQL/MariaDB: the per-wallet nonce counter, each transaction and its
 * signed attempts. Nonce allocation must run inside the caller's database transaction: the row lock
 * it takes is what makes one wallet safe to share between instances.
 */
class TxStore {
  private final JdbcTemplate jdbc;

  TxStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Creates the wallet's nonce row if it is missing. Call it outside the transaction that
   * allocates: an INSERT IGNORE there would hold a shared lock that deadlocks with another sender's
   * FOR UPDATE.
   */
  void ensureWallet(String wallet, long chainNonce) {
    jdbc.update(
        "INSERT IGNORE INTO wallet_nonce (wallet, next_nonce) VALUES (?, ?)", wallet, chainNonce);
  }

  /** The next nonce for {@code wallet}, at least {@code chainNonce}, reserved under a row lock. */
  long allocateNonce(String wallet, long chainNonce) {
    long next =
        jdbc.queryForObject(
            "SELECT next_nonce FROM wallet_nonce WHERE wallet = ? FOR UPDATE", Long.class, wallet);
    long nonce = Math.max(next, chainNonce);
    jdbc.update("UPDATE wallet_nonce SET next_nonce = ? WHERE wallet = ?", nonce + 1, wallet);
    return nonce;
  }

  long insert(String wallet, long nonce, TxIntent intent, BigInteger gasLimit) {
    var keys = new GeneratedKeyHolder();
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  "INSERT INTO chain_tx (wallet, nonce, intent_key, purpose, to_address, value_wei,"
                      + " data, gas_limit, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')",
                  new String[] {"id"});
          ps.setString(1, wallet);
          ps.setLong(2, nonce);
          ps.setString(3, intent.key());
          ps.setString(4, intent.purpose());
          ps.setString(5, intent.to());
          ps.setBigDecimal(6, new BigDecimal(intent.value()));
          ps.setString(7, intent.data());
          ps.setLong(8, gasLimit.longValueExact());
          return ps;
        },
        keys);
    return keys.getKey().longValue();
  }

  void addAttempt(long txId, StoredTx.Attempt attempt) {
    jdbc.update(
        // IGNORE: two senders bumping the same transaction to the same price sign the same bytes.
        "INSERT IGNORE INTO chain_tx_attempt (tx_id, hash, raw, gas_price, sent_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        txId,
        attempt.hash(),
        attempt.raw(),
        new BigDecimal(attempt.gasPrice()),
        Timestamp.from(attempt.sentAt()));
  }

  /** Records the receipt of a mined (or reverted) transaction: where it landed and its gas. */
  void finish(long txId, StoredTx.State state, Mined mined) {
    jdbc.update(
        "UPDATE chain_tx SET state = ?, mined_hash = ?, block_number = ?, gas_used = ?,"
            + " effective_gas_price = ? WHERE id = ?",
        state.name(),
        mined.hash(),
        mined.block(),
        mined.gasUsed() == null ? null : mined.gasUsed().longValueExact(),
        mined.effectiveGasPrice() == null ? null : new BigDecimal(mined.effectiveGasPrice()),
        txId);
  }

  /** Gives up a transaction whose nonce another sender used: its key is free for a new one. */
  void drop(long txId) {
    jdbc.update("UPDATE chain_tx SET state = 'DROPPED', intent_key = NULL WHERE id = ?", txId);
  }

  Optional<StoredTx> byKey(String key) {
    return jdbc.query("SELECT * FROM chain_tx WHERE intent_key = ?", this::row, key).stream()
        .findFirst();
  }

  StoredTx byId(long id) {
    return jdbc.queryForObject("SELECT * FROM chain_tx WHERE id = ?", this::row, id);
  }

  List<StoredTx> pending(String wallet) {
    return jdbc.query(
        "SELECT * FROM chain_tx WHERE wallet = ? AND state = 'PENDING' ORDER BY nonce",
        this::row,
        wallet);
  }

  /**
   * Confirmed transactions recorded without their cost (confirmed before costs were recorded, or
   * finished by an older version) whose id is above {@code afterId}, in id order, at most {@code
   * limit}.
   */
  List<StoredTx> withoutCost(String wallet, long afterId, int limit) {
    return jdbc.query(
        "SELECT * FROM chain_tx WHERE wallet = ? AND id > ? AND state IN ('MINED', 'REVERTED')"
            + " AND mined_hash IS NOT NULL AND gas_used IS NULL ORDER BY id LIMIT ?",
        this::row,
        wallet,
        afterId,
        limit);
  }

  private StoredTx row(ResultSet rs, int n) throws SQLException {
    long id = rs.getLong("id");
    TxIntent intent =
        new TxIntent(
            rs.getString("intent_key"),
            rs.getString("purpose"),
            rs.getString("to_address"),
            rs.getBigDecimal("value_wei").toBigIntegerExact(),
            rs.getString("data"));
    return new StoredTx(
        id,
        rs.getString("wallet"),
        rs.getLong("nonce"),
        intent,
        BigInteger.valueOf(rs.getLong("gas_limit")),
        StoredTx.State.valueOf(rs.getString("state")),
        rs.getString("mined_hash"),
        attempts(id));
  }

  private List<StoredTx.Attempt> attempts(long txId) {
    return jdbc.query(
        "SELECT hash, raw, gas_price, sent_at FROM chain_tx_attempt WHERE tx_id = ? ORDER BY id",
        (rs, n) ->
            new StoredTx.Attempt(
                rs.getString("hash"),
                rs.getString("raw"),
                rs.getBigDecimal("gas_price").toBigIntegerExact(),
                rs.getTimestamp("sent_at").toInstant()),
        txId);
  }
}
