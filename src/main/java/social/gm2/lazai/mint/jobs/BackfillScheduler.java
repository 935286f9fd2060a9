package social.gm2.lazai.mint.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Queues the attestation backfill once per period across all instances: every instance ticks, and
 * the job id of the current period makes every add after the first a no-op. (BullMQ's own job
 * schedulers need the worker to produce the next run at fetch time; plain jobs keep Node and Java
 * workers interchangeable.) A {@link social.gm2.lazai.config.Periodic} runs the ticks.
 */
public final class BackfillScheduler {
  private final LazaiQueues queues;
  private final Duration period;
  private final Clock clock;

  public BackfillScheduler(LazaiQueues queues, Duration period, Clock clock) {
    this.queues = queues;
    this.period = period;
    this.clock = clock;
  }

  /** Queues the current period's backfill unless an instance already did; its job id. */
  String tick() {
    long millis = period.toMillis();
    Instant start = Instant.ofEpochMilli(Math.floorDiv(clock.millis(), millis) * millis);
    return queues.enqueueBackfill(start);
  }

  /** How often {@link #tick} runs: ticking more often than the period costs one no-op add. */
  Duration tickEvery() {
    return period.compareTo(Duration.ofMinutes(1)) < 0 ? period : Duration.ofMinutes(1);
  }
}
