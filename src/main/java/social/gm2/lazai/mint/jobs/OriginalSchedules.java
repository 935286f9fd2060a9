package social.gm2.lazai.mint.jobs;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import social.gm2.lazai.queue.JobQueue.RemovedRepeatable;
import social.gm2.lazai.queue.Queues;

/**
 * Removes, at startup and before the workers start, the original service's repeatable {@code
 * lazai-cron-fetch-attestator} job (BullMQ 5, every 300000 ms): left in Redis, its pending run
 * would run once here and its schedule would stay behind, since this service produces no next
 * iteration. The backfill it stood for is queued by {@link BackfillScheduler} instead. Each removal
 * is logged; a Redis that cannot be reached is logged and startup goes on (the next start tries
 * again).
 */
public final class OriginalSchedules implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(OriginalSchedules.class);

  private final Queues queues;
  private volatile boolean running;

  public OriginalSchedules(Queues queues) {
    this.queues = queues;
  }

  /** Removes the original's schedules; what was removed. */
  public List<RemovedRepeatable> remove() {
    // This service schedules no repeatable job: any in this queue is the original's.
    List<RemovedRepeatable> removed =
        queues.queue(LazaiQueues.CRON_FETCH_ATTESTATOR).removeRepeatables(null);
    for (RemovedRepeatable r : removed) {
      log.info(
          "queue={} removed the original service's repeatable job key={} (its pending run {}"
              + " was {}); the backfill is queued by this service every lazai.queue.backfill-period",
          LazaiQueues.CRON_FETCH_ATTESTATOR,
          r.key(),
          r.iterationId(),
          r.iterationState());
    }
    if (removed.isEmpty()) {
      log.info(
          "queue={} has no repeatable job of the original service",
          LazaiQueues.CRON_FETCH_ATTESTATOR);
    }
    return removed;
  }

  @Override
  public void start() {
    try {
      remove();
    } catch (RuntimeException e) {
      log.warn(
          "queue={} the original service's repeatable job could not be checked: {}",
          LazaiQueues.CRON_FETCH_ATTESTATOR,
          e.toString());
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the queue workers. */
  @Override
  public int getPhase() {
    return DEFAULT_PHASE - 1000;
  }
}
