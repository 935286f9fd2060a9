package social.gm2.lazai.queue.bullmq;

import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.queue.WorkerOptions;

/**
 * A worker's timed duties: renewing the locks of its jobs every quarter of the lock duration (so a
 * slow job is never taken for stalled) and running the stalled-job check every stalled interval (so
 * a dead worker's jobs come back).
 */
final class Upkeep {
  private static final Logger log = LoggerFactory.getLogger(Upkeep.class);

  private final BullMqQueues backend;
  private final String queue;
  private final WorkerOptions options;
  private final Map<String, String> locks;

  /**
   * @param locks the worker's jobs in progress: id to lock token
   */
  Upkeep(BullMqQueues backend, String queue, WorkerOptions options, Map<String, String> locks) {
    this.backend = backend;
    this.queue = queue;
    this.options = options;
    this.locks = locks;
  }

  void schedule(ScheduledExecutorService timers) {
    long renew = Math.max(1, options.lockDuration().toMillis() / 4);
    timers.scheduleWithFixedDelay(
        () -> guarded("renew locks", this::renewLocks), renew, renew, TimeUnit.MILLISECONDS);
    long stalled = options.stalledInterval().toMillis();
    timers.scheduleWithFixedDelay(
        () -> guarded("stalled check", this::checkStalled), 0, stalled, TimeUnit.MILLISECONDS);
  }

  private void renewLocks() {
    if (locks.isEmpty()) {
      return;
    }
    List<String> args = new ArrayList<>();
    args.add(Long.toString(options.lockDuration().toMillis()));
    locks.forEach(
        (id, token) -> {
          args.add(id);
          args.add(token);
        });
    List<Object> lost =
        backend.run(Script.EXTEND, ScriptOutputType.MULTI, queue, args.toArray(String[]::new));
    for (Object id : lost) {
      log.warn("queue={} job={} lock renewal failed; the job may be processed twice", queue, id);
    }
  }

  private void checkStalled() {
    List<Object> recovered =
        backend.run(
            Script.STALLED,
            ScriptOutputType.MULTI,
            queue,
            Long.toString(backend.clock().millis()),
            Long.toString(options.stalledInterval().toMillis()),
            Integer.toString(options.maxStalledCount()),
            backend.legacyPaused());
    for (Object id : recovered) {
      log.warn(
          "queue={} job={} stalled (its worker stopped renewing the lock); back to wait",
          queue,
          id);
    }
  }

  private void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.warn("queue={} {} failed: {}", queue, what, e.toString());
    }
  }
}
