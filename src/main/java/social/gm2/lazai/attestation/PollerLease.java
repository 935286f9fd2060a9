package social.gm2.lazai.attestation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The right to poll, held by one instance at a time through a database row: an owner, an expiry the
 * owner renews at every poll, and a fence that grows whenever the row changes hands. Every write of
 * the poller re-checks owner and fence under a row lock in its own transaction, so an instance that
 * paused past its expiry (GC, network) cannot write after another took over.
 */
final class PollerLease {
  private static final String NAME = "jobcomplete-poller";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final String owner;
  private final Duration duration;

  PollerLease(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Clock clock,
      String owner,
      Duration duration) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
    this.owner = owner;
    this.duration = duration;
  }

  String owner() {
    return owner;
  }

  /** Takes or renews the lease; its fence if this instance holds it now, empty if another does. */
  Optional<Long> acquire() {
    jdbc.update(
        "INSERT IGNORE INTO attestation_lease (name, owner, fence, expires_at) VALUES (?, '', 0, ?)",
        NAME,
        Timestamp.from(clock.instant().minusSeconds(1)));
    return transactions.execute(
        status -> {
          Map<String, Object> row = locked();
          long fence = ((Number) row.get("fence")).longValue();
          boolean mine = owner.equals(row.get("owner"));
          boolean expired =
              !((Timestamp) row.get("expires_at")).toInstant().isAfter(clock.instant());
          if (!mine && !expired) {
            return Optional.<Long>empty();
          }
          long next = mine ? fence : fence + 1;
          jdbc.update(
              "UPDATE attestation_lease SET owner = ?, fence = ?, expires_at = ? WHERE name = ?",
              owner,
              next,
              Timestamp.from(clock.instant().plus(duration)),
              NAME);
          return Optional.of(next);
        });
  }

  /**
   * Inside the caller's transaction: locks the lease row and fails unless this instance still holds
   * it with {@code fence}.
   */
  void require(long fence) {
    Map<String, Object> row = locked();
    boolean held =
        owner.equals(row.get("owner"))
            && ((Number) row.get("fence")).longValue() == fence
            && ((Timestamp) row.get("expires_at")).toInstant().isAfter(clock.instant());
    if (!held) {
      throw new LeaseLostException(
          "attestation poller "
              + owner
              + " lost its lease (fence "
              + fence
              + ", now held by "
              + row.get("owner")
              + " with fence "
              + row.get("fence")
              + ")");
    }
  }

  /** Gives the lease up (at shutdown), so another instance need not wait for it to expire. */
  void release() {
    jdbc.update(
        "UPDATE attestation_lease SET expires_at = ? WHERE name = ? AND owner = ?",
        Timestamp.from(clock.instant().minusSeconds(1)),
        NAME,
        owner);
  }

  private Map<String, Object> locked() {
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT owner, fence, expires_at FROM attestation_lease WHERE name = ? FOR UPDATE",
            NAME);
    return rows.get(0);
  }

  /** This instance no longer holds the lease; its write is refused. */
  static final class LeaseLostException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    LeaseLostException(String message) {
      super(message);
    }
  }
}
