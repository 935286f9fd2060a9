package social.gm2.lazai.queue;

import java.time.Duration;

/**
 * Thrown by a {@link JobHandler} when the job's work is not done yet but is in progress, or due
 * later, elsewhere: the job goes back to the queue's delayed set for {@link #delay()} and runs
 * again then, without using one of its attempts and without a failed reason (Node's workers know it
 * as {@code DelayedError} after {@code job.moveToDelayed}). It is neither completed nor failed.
 */
public class JobDelayedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Duration delay;

  /**
   * @param reason why the job is not finished yet (logged, not stored)
   * @param delay how long the job waits before it runs again; at least 1 ms
   */
  public JobDelayedException(String reason, Duration delay) {
    super(reason);
    if (delay == null || delay.isNegative()) {
      throw new IllegalArgumentException("a job's delay must be 0 or more");
    }
    this.delay = delay.toMillis() < 1 ? Duration.ofMillis(1) : delay;
  }

  public Duration delay() {
    return delay;
  }
}
