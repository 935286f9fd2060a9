package social.gm2.lazai.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox's delivery rows: leased by the instance that sends them (a conditional update, so
 * several instances share the outbox on MariaDB and on H2 alike), then recorded as delivered,
 * postponed or failed by the lease's holder.
 */
public final class Deliveries {
  private static final String JOINED =
      "SELECT d.*, e.type, e.token_address, e.payload, e.created_at AS event_at"
          + " FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id";

  private final JdbcTemplate jdbc;

  public Deliveries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Leases up to {@code limit} due deliveries for {@code owner} until {@code until}. */
  public List<Delivery> lease(String owner, Instant now, Instant until, int limit) {
    Timestamp at = Timestamp.from(now);
    List<Long> due =
        jdbc.queryForList(
            "SELECT id FROM webhook_delivery WHERE status = 'PENDING' AND next_attempt_at <= ?"
                + " AND (leased_until IS NULL OR leased_until < ?) ORDER BY next_attempt_at LIMIT ?",
            Long.class,
            at,
            at,
            limit);
    List<Delivery> taken = new ArrayList<>();
    for (long id : due) {
      int won =
          jdbc.update(
              "UPDATE webhook_delivery SET lease_owner = ?, leased_until = ? WHERE id = ?"
                  + " AND status = 'PENDING' AND (leased_until IS NULL OR leased_until < ?)",
              owner,
              Timestamp.from(until),
              id,
              at);
      if (won == 1) {
        taken.addAll(jdbc.query(JOINED + " WHERE d.id = ?", Deliveries::delivery, id));
      }
    }
    return taken;
  }

  /** The subscriber took it. */
  public void delivered(Delivery d, String owner, int status, Instant now) {
    finish(d, owner, DeliveryStatus.DELIVERED, status, null, now, now);
  }

  /** This attempt failed; the delivery is due again at {@code next}. */
  public void postponed(Delivery d, String owner, Integer status, String error, Instant next) {
    finish(d, owner, DeliveryStatus.PENDING, status, error, next, null);
  }

  /** This attempt failed and it was the last: the delivery is FAILED. */
  public void failed(Delivery d, String owner, Integer status, String error, Instant now) {
    finish(d, owner, DeliveryStatus.FAILED, status, error, now, now);
  }

  private void finish(
      Delivery d,
      String owner,
      DeliveryStatus to,
      Integer status,
      String error,
      Instant next,
      Instant finished) {
    jdbc.update(
        "UPDATE webhook_delivery SET status = ?, attempts = attempts + 1, last_status = ?,"
            + " last_error = ?, next_attempt_at = ?, finished_at = ?, lease_owner = NULL,"
            + " leased_until = NULL WHERE id = ? AND lease_owner = ?",
        to.name(),
        status,
        error == null ? null : error.length() <= 300 ? error : error.substring(0, 299) + "…",
        Timestamp.from(next),
        finished == null ? null : Timestamp.from(finished),
        d.id(),
        owner);
  }

  /** The deliveries in {@code status} (all when null), newest first. */
  public List<DeliveryView> list(DeliveryStatus status, int limit) {
    String where = status == null ? "" : " WHERE d.status = ?";
    Object[] args = status == null ? new Object[] {limit} : new Object[] {status.name(), limit};
    return jdbc.query(JOINED + where + " ORDER BY d.id DESC LIMIT ?", Deliveries::view, args);
  }

  /** How many deliveries are in each status. */
  public Map<DeliveryStatus, Long> counts() {
    Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
    for (DeliveryStatus s : DeliveryStatus.values()) {
      counts.put(s, 0L);
    }
    jdbc.query(
        "SELECT status, COUNT(*) AS n FROM webhook_delivery GROUP BY status",
        rs -> {
          counts.put(DeliveryStatus.valueOf(rs.getString("status")), rs.getLong("n"));
        });
    return counts;
  }

  private static Delivery delivery(ResultSet rs, int n) throws SQLException {
    return new Delivery(
        rs.getLong("id"),
        rs.getString("event_id"),
        rs.getString("type"),
        rs.getString("token_address"),
        rs.getString("subscriber"),
        rs.getString("payload"),
        rs.getInt("attempts"),
        instant(rs.getTimestamp("event_at")));
  }

  private static DeliveryView view(ResultSet rs, int n) throws SQLException {
    int code = rs.getInt("last_status");
    Integer lastStatus = rs.wasNull() ? null : code;
    return new DeliveryView(
        rs.getLong("id"),
        rs.getString("event_id"),
        rs.getString("type"),
        rs.getString("token_address"),
        rs.getString("subscriber"),
        rs.getString("status"),
        rs.getInt("attempts"),
        lastStatus,
        rs.getString("last_error"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("next_attempt_at")),
        instant(rs.getTimestamp("finished_at")));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
