package social.gm2.lazai.mint;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the backfill periodically on a thread of its own. It reads the database only (unless a
 * mint's reward lies before where the poller started), so every instance may run it; failures are
 * logged and retried at the next interval.
 */
final class AttestationBackfill implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(AttestationBackfill.class);

  private final AttestationTracking tracking;
  private final Duration interval;
  private final boolean enabled;
  private ScheduledExecutorService executor;

  AttestationBackfill(AttestationTracking tracking, Duration interval, boolean enabled) {
    this.tracking = tracking;
    this.interval = interval;
    this.enabled = enabled;
  }

  @Override
  public synchronized void start() {
    if (!enabled) {
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "attestation-backfill");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        this::run, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }

  private void run() {
    try {
      tracking.backfill();
    } catch (RuntimeException e) {
      log.warn("attestation backfill failed, retrying in {}: {}", interval, e.toString());
    }
  }
}
