package social.gm2.lazai.mint;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The numbers behind the dashboard's charts, read from {@code mint} and {@code mint_transition} in
 * read-only transactions (so from a read replica when there is one): mints per minute, each step's
 * durations and the attestation lag over the last hour, and how many mints are in each state.
 */
public final class MintStats {
  /** The minutes the dashboard looks back: the current one and the 59 before it. */
  public static final int MINUTES = 60;

  /**
   * The most transitions read for step durations: beyond it only the newest are used, and {@link
   * Hour#sampled()} says so.
   */
  static final int MAX_TRANSITIONS = 20_000;

  /**
   * How long step durations, the costly part (up to {@value #MAX_TRANSITIONS} rows), are reused:
   * the dashboard reloads every few seconds, in every operator's browser.
   */
  static final Duration STEPS_FRESH = Duration.ofSeconds(10);

  private record Steps(Instant read, Map<MintState, List<Duration>> durations, boolean sampled) {}

  private volatile Steps steps;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate reads;
  private final Clock clock;

  MintStats(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
    this.jdbc = jdbc;
    this.reads = new TransactionTemplate(transactions);
    this.reads.setReadOnly(true);
    this.clock = clock;
  }

  /**
   * The last hour.
   *
   * @param from the start of the first minute; minute {@code i} of {@code minted} starts {@code i}
   *     minutes later and the last one is the current, unfinished minute
   * @param minted how many mints were rewarded (their DAT minted) in each minute
   * @param steps for each step, named by the state it reaches, the durations of that step completed
   *     in the hour (read at most {@link #STEPS_FRESH} ago): from the mint's previous transition to
   *     this one (REWARDED → ATTESTED is the attestation lag); steps resumed from FAILED,
   *     re-requested proofs and revocations are left out
   * @param sampled whether there were more than {@value #MAX_TRANSITIONS} transitions in the hour,
   *     so {@code steps} holds only the newest
   * @param states how many mints are in each state now (all of them, not just the last hour's)
   */
  public record Hour(
      Instant from,
      List<Integer> minted,
      Map<MintState, List<Duration>> steps,
      boolean sampled,
      Map<MintState, Long> states) {
    public Hour {
      minted = List.copyOf(minted);
      steps = Collections.unmodifiableMap(enumMap(steps));
      states = Collections.unmodifiableMap(enumMap(states));
    }
  }

  private static <V> Map<MintState, V> enumMap(Map<MintState, V> map) {
    Map<MintState, V> copy = new EnumMap<>(MintState.class);
    copy.putAll(map);
    return copy;
  }

  /** The last hour, up to now. */
  public Hour lastHour() {
    Instant from =
        clock.instant().truncatedTo(ChronoUnit.MINUTES).minus(MINUTES - 1, ChronoUnit.MINUTES);
    return reads.execute(
        status -> {
          Steps recent = recentSteps(from);
          return new Hour(from, minted(from), recent.durations(), recent.sampled(), states());
        });
  }

  private Steps recentSteps(Instant from) {
    Instant now = clock.instant();
    Steps recent = steps;
    if (recent == null || !recent.read().plus(STEPS_FRESH).isAfter(now)) {
      Map<MintState, List<Duration>> durations = new EnumMap<>(MintState.class);
      boolean sampled = steps(from, durations);
      recent = new Steps(now, enumMap(durations), sampled);
      steps = recent;
    }
    return recent;
  }

  private List<Integer> minted(Instant from) {
    Integer[] minute = new Integer[MINUTES];
    java.util.Arrays.fill(minute, 0);
    // PROOF_SUBMITTED → REWARDED: the reward claimed, not an import or a revoked attestation.
    jdbc.query(
        "SELECT occurred_at FROM mint_transition WHERE occurred_at >= ?"
            + " AND to_state = 'REWARDED' AND from_state = 'PROOF_SUBMITTED'",
        rs -> {
          long i = Duration.between(from, rs.getTimestamp(1).toInstant()).toMinutes();
          if (i >= 0 && i < MINUTES) {
            minute[(int) i]++;
          }
        },
        Timestamp.from(from));
    return List.of(minute);
  }

  /** Fills {@code steps}; whether the hour had more transitions than were read. */
  private boolean steps(Instant from, Map<MintState, List<Duration>> steps) {
    int[] rows = {0};
    jdbc.query(
        "SELECT t.from_state, t.to_state, t.occurred_at,"
            + " (SELECT MAX(p.occurred_at) FROM mint_transition p"
            + "   WHERE p.mint_id = t.mint_id AND p.id < t.id) AS previous_at"
            + " FROM mint_transition t WHERE t.occurred_at >= ? AND t.from_state IS NOT NULL"
            + " ORDER BY t.id DESC LIMIT ?",
        rs -> {
          rows[0]++;
          MintState before = MintState.valueOf(rs.getString("from_state"));
          MintState after = MintState.valueOf(rs.getString("to_state"));
          Timestamp previous = rs.getTimestamp("previous_at");
          if (isStep(before, after) && previous != null) {
            Duration took =
                Duration.between(previous.toInstant(), rs.getTimestamp("occurred_at").toInstant());
            steps.computeIfAbsent(after, s -> new ArrayList<>()).add(took);
          }
        },
        Timestamp.from(from),
        MAX_TRANSITIONS + 1);
    return rows[0] > MAX_TRANSITIONS;
  }

  /** A forward step of the pipeline: the state that follows {@code before}, never FAILED. */
  static boolean isStep(MintState before, MintState after) {
    return after != MintState.FAILED && after.ordinal() == before.ordinal() + 1;
  }

  private Map<MintState, Long> states() {
    Map<MintState, Long> counts = new EnumMap<>(MintState.class);
    for (MintState state : MintState.values()) {
      counts.put(state, 0L);
    }
    jdbc.query(
        "SELECT state, COUNT(*) FROM mint GROUP BY state",
        rs -> {
          counts.put(MintState.valueOf(rs.getString(1)), rs.getLong(2));
        });
    return counts;
  }
}
