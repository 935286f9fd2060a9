package social.gm2.lazai.attestation;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;

/**
 * Runs the poller on a thread of its own: steps back to back while blocks are waiting (up to a
 * batch), then waits the poll interval. A failing chain or database is logged and retried at the
 * next interval, so the service starts and keeps running without a reachable chain.
 */
final class PollerThread implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(PollerThread.class);
  private static final int STEPS_PER_RUN = 100;

  private final JobCompletePoller poller;
  private final PollerLease lease;
  private final Duration interval;
  private final boolean enabled;
  private ScheduledExecutorService executor;
  private String lastProblem;

  PollerThread(JobCompletePoller poller, PollerLease lease, Duration interval, boolean enabled) {
    this.poller = poller;
    this.lease = lease;
    this.interval = interval;
    this.enabled = enabled;
  }

  @Override
  public synchronized void start() {
    if (!enabled) {
      log.info("attestation poller disabled (lazai.attestation.enabled=false)");
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "attestation-poller");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(this::run, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info("attestation poller {} started, polling every {}", lease.owner(), interval);
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
      try {
        lease.release();
      } catch (RuntimeException e) {
        log.warn(
            "attestation poller {} could not release its lease: {}", lease.owner(), e.toString());
      }
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }

  void run() {
    try {
      for (int step = 0; step < STEPS_PER_RUN && !Thread.currentThread().isInterrupted(); step++) {
        if (!poller.poll()) {
          break;
        }
      }
      if (lastProblem != null) {
        log.info("attestation poller {} works again", lease.owner());
        lastProblem = null;
      }
    } catch (RuntimeException e) {
      // A lazy chain bean that cannot bind wraps the RPC failure in bean-creation messages.
      Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
      String problem = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
      if (!problem.equals(lastProblem)) {
        log.warn(
            "attestation poller {} failed, retrying in {}: {}", lease.owner(), interval, problem);
      } else {
        log.debug("attestation poller {} still failing: {}", lease.owner(), problem);
      }
      lastProblem = problem;
    }
  }
}
