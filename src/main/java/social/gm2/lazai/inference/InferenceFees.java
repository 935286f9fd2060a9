package social.gm2.lazai.inference;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import social.gm2.lazai.chain.SettledFee;

/**
 * The {@code inference_fee} table: every chat completion sent for a token, written before it is
 * sent, then marked with the node's answer and with the fee settled on chain. What a token's DAT
 * has cost in inference is the sum of its settled fees.
 */
public class InferenceFees {
  private static final org.springframework.jdbc.core.RowMapper<Pending> PENDING =
      (rs, i) ->
          new Pending(
              rs.getLong(1),
              rs.getString(2),
              rs.getString(3),
              rs.getBigDecimal(4).toBigIntegerExact(),
              rs.getLong(5),
              rs.getString(6));

  private static final String PENDING_SQL =
      "SELECT id, node_address, user_address, nonce, from_block, response_id FROM inference_fee"
          + " WHERE status IN ('SENT', 'ANSWERED')";

  private final JdbcTemplate jdbc;
  private final Clock clock;

  public InferenceFees(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A request about to be sent. */
  public record Request(
      String token,
      BigInteger fileId,
      String node,
      String user,
      BigInteger nonce,
      long fromBlock) {}

  /** A request whose fee is not found on chain yet. */
  /** A request whose fee is not found yet; {@code responseId} is the answer's, or null. */
  public record Pending(
      long id, String node, String user, BigInteger nonce, long fromBlock, String responseId) {}

  /**
   * A token's inference use.
   *
   * @param inferenceRequests completions answered for the token
   * @param inferenceFeesWei the sum of their fees settled on chain, in wei
   * @param unsettledRequests answered completions whose fee is not found on chain (yet)
   */
  public record Usage(long inferenceRequests, BigInteger inferenceFeesWei, long unsettledRequests) {
    /** A token never asked about. */
    public static final Usage NONE = new Usage(0, BigInteger.ZERO, 0);
  }

  /** Stores the request as SENT; its id marks it later. */
  public long sent(Request r) {
    GeneratedKeyHolder key = new GeneratedKeyHolder();
    jdbc.update(
        c -> {
          var s =
              c.prepareStatement(
                  "INSERT INTO inference_fee (token_address, file_id, node_address, user_address,"
                      + " nonce, from_block, status, requested_at) VALUES (?, ?, ?, ?, ?, ?,"
                      + " 'SENT', ?)",
                  new String[] {"id"});
          s.setString(1, r.token());
          s.setBigDecimal(2, new BigDecimal(r.fileId()));
          s.setString(3, r.node());
          s.setString(4, r.user());
          s.setBigDecimal(5, new BigDecimal(r.nonce()));
          s.setLong(6, r.fromBlock());
          s.setTimestamp(7, Timestamp.from(clock.instant()));
          return s;
        },
        key);
    return key.getKey().longValue();
  }

  /** The node answered 200 with this completion id (null if its answer had none). */
  public void answered(long id, String responseId) {
    jdbc.update(
        "UPDATE inference_fee SET status = 'ANSWERED', response_id = COALESCE(?, response_id)"
            + " WHERE id = ? AND status = 'SENT'",
        responseId == null || responseId.length() > 128 ? null : responseId,
        id);
  }

  /** The node answered something else: it bills only its 200s. */
  public void refused(long id) {
    jdbc.update("UPDATE inference_fee SET status = 'REFUSED' WHERE id = ? AND status = 'SENT'", id);
  }

  /** The fee the node settled for the request, as found on chain. */
  public void settled(long id, SettledFee fee) {
    jdbc.update(
        "UPDATE inference_fee SET status = 'SETTLED', cost_wei = ?, tx_hash = ?, block_number = ?,"
            + " response_id = COALESCE(response_id, ?), settled_at = ? WHERE id = ?",
        new BigDecimal(fee.cost()),
        fee.tx().hash(),
        fee.tx().blockNumber(),
        fee.responseId() == null || fee.responseId().length() > 128 ? null : fee.responseId(),
        Timestamp.from(clock.instant()),
        id);
  }

  /** The oldest requests (at most {@code limit}) that may have a fee not yet found. */
  public List<Pending> pending(int limit) {
    return jdbc.query(PENDING_SQL + " ORDER BY id LIMIT ?", PENDING, limit);
  }

  /** One request's row as pending, if it still is. */
  public List<Pending> pending(long id) {
    return jdbc.query(PENDING_SQL + " AND id = ?", PENDING, id);
  }

  /** The token's inference use so far (zeros when it has none). */
  public Usage usage(String token) {
    return usage(List.of(token)).getOrDefault(token, Usage.NONE);
  }

  /** The inference use of those of {@code tokens} that have any. */
  public Map<String, Usage> usage(Collection<String> tokens) {
    if (tokens.isEmpty()) {
      return Map.of();
    }
    Map<String, Usage> found = new HashMap<>();
    jdbc.query(
        "SELECT token_address,"
            + " SUM(CASE WHEN status IN ('ANSWERED', 'SETTLED') THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN status = 'SETTLED' THEN cost_wei ELSE 0 END),"
            + " SUM(CASE WHEN status = 'ANSWERED' THEN 1 ELSE 0 END)"
            + " FROM inference_fee WHERE token_address IN ("
            + String.join(", ", java.util.Collections.nCopies(tokens.size(), "?"))
            + ") GROUP BY token_address",
        rs -> {
          found.put(
              rs.getString(1),
              new Usage(rs.getLong(2), rs.getBigDecimal(3).toBigIntegerExact(), rs.getLong(4)));
        },
        tokens.toArray());
    return found;
  }
}
