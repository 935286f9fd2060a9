package social.gm2.lazai.mint.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Queues the attestation backfill once per period across all instances: every instance ticks, and
 * the job id of the current period makes every add after the first a no-op. (BullMQ's own job
 * schedulers need the worker to produce the next run at fetch time; plain jobs keep Node and Java
 * workers interchangeable.)
 */
public final class BackfillScheduler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(BackfillScheduler.class);

  private final LazaiQueues queues;
  private final Duration period;
  private final Clock clock;
  private ScheduledExecutorService timer;

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

  @Override
  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "attestation-backfill-scheduler");
              t.setDaemon(true);
              return t;
            });
    // Ticking more often than the period costs one no-op add and catches a period early.
    long every = Math.min(period.toMillis(), Duration.ofMinutes(1).toMillis());
    timer.scheduleWithFixedDelay(this::safeTick, 0, every, TimeUnit.MILLISECONDS);
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.warn(
          "queue={} backfill not queued this time: {}",
          LazaiQueues.CRON_FETCH_ATTESTATOR,
          e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
