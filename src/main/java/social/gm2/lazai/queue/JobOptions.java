package social.gm2.lazai.queue;

import java.time.Duration;
import java.util.Optional;

/**
 * How a job is to be run, with BullMQ's meaning for each option.
 *
 * @param jobId a custom id, or null for the queue's counter. While a job with this id exists (in
 *     any state, including completed or failed and retained), adding it again changes nothing and
 *     returns the existing id
 * @param attempts total tries (0 behaves as 1)
 * @param backoff the wait before each retry, or null to retry at once
 * @param delay how long the job waits before its first attempt
 * @param removeOnComplete retention of completed jobs
 * @param removeOnFail retention of failed jobs
 */
public record JobOptions(
    String jobId,
    int attempts,
    Backoff backoff,
    Duration delay,
    KeepJobs removeOnComplete,
    KeepJobs removeOnFail) {

  public JobOptions {
    if (jobId != null) {
      checkJobId(jobId);
    }
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must be 0 or more, got " + attempts);
    }
    delay = delay == null ? Duration.ZERO : delay;
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    removeOnComplete = removeOnComplete == null ? KeepJobs.all() : removeOnComplete;
    removeOnFail = removeOnFail == null ? KeepJobs.all() : removeOnFail;
  }

  /** One attempt, no delay, every finished job kept: BullMQ's defaults. */
  public static JobOptions defaults() {
    return new JobOptions(null, 0, null, Duration.ZERO, null, null);
  }

  public JobOptions withJobId(String id) {
    return new JobOptions(id, attempts, backoff, delay, removeOnComplete, removeOnFail);
  }

  public JobOptions withAttempts(int n, Backoff b) {
    return new JobOptions(jobId, n, b, delay, removeOnComplete, removeOnFail);
  }

  public JobOptions withDelay(Duration d) {
    return new JobOptions(jobId, attempts, backoff, d, removeOnComplete, removeOnFail);
  }

  public JobOptions withRetention(KeepJobs onComplete, KeepJobs onFail) {
    return new JobOptions(jobId, attempts, backoff, delay, onComplete, onFail);
  }

  /**
   * The delay before the next attempt after a failure, or empty when the job has no attempt left.
   *
   * @param attemptsMade attempts finished before this failure
   */
  public Optional<Long> retryDelay(int attemptsMade, java.util.function.DoubleSupplier random) {
    if (attemptsMade + 1 >= attempts) {
      return Optional.empty();
    }
    return Optional.of(backoff == null ? 0L : backoff.delayFor(attemptsMade, random));
  }

  /**
   * Node's rules for custom ids: not an integer (those belong to the counter), no {@code :} (it
   * separates key parts), not {@code 0}.
   */
  static void checkJobId(String id) {
    if (id.isEmpty()) {
      throw new IllegalArgumentException("jobId must not be empty");
    }
    if (id.matches("-?\\d+")) {
      throw new IllegalArgumentException(
          "jobId '" + id + "' is an integer; custom ids must not be integers");
    }
    if (id.contains(":")) {
      throw new IllegalArgumentException("jobId '" + id + "' must not contain ':'");
    }
  }
}
