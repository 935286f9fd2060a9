package social.gm2.lazai.queue;

import java.time.Duration;

/**
 * How a worker runs.
 *
 * @param concurrency jobs processed at the same time
 * @param lockDuration how long a job's lock lives without renewal; renewed every half of it
 * @param stalledInterval how often the stalled-job check runs; a job whose lock expired is returned
 *     to the queue within one to two intervals. Keep it no longer than any Node worker's
 * @param maxStalledCount how often a job may stall before it fails instead
 * @param name shown by Bull Board as the worker (and written as the job's {@code pb})
 * @param dataLimit payloads over it fail at once without being loaded
 */
public record WorkerOptions(
    int concurrency,
    Duration lockDuration,
    Duration stalledInterval,
    int maxStalledCount,
    String name,
    DataLimit dataLimit) {

  public WorkerOptions {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be 1 or more, got " + concurrency);
    }
    if (lockDuration == null || lockDuration.toMillis() < 100) {
      throw new IllegalArgumentException("lockDuration must be at least 100ms");
    }
    if (stalledInterval == null || stalledInterval.toMillis() < 100) {
      throw new IllegalArgumentException("stalledInterval must be at least 100ms");
    }
    if (maxStalledCount < 0) {
      throw new IllegalArgumentException("maxStalledCount must be 0 or more");
    }
    name = name == null || name.isBlank() ? "" : name;
    dataLimit = dataLimit == null ? DataLimit.NONE : dataLimit;
  }

  /** Options without a payload limit. */
  public WorkerOptions(
      int concurrency,
      Duration lockDuration,
      Duration stalledInterval,
      int maxStalledCount,
      String name) {
    this(concurrency, lockDuration, stalledInterval, maxStalledCount, name, DataLimit.NONE);
  }

  /** The same options with {@code limit} on payloads. */
  public WorkerOptions withDataLimit(DataLimit limit) {
    return new WorkerOptions(
        concurrency, lockDuration, stalledInterval, maxStalledCount, name, limit);
  }

  /** BullMQ's defaults: 30 s locks and stalled checks, one stall allowed. */
  public static WorkerOptions concurrency(int concurrency) {
    return new WorkerOptions(
        concurrency, Duration.ofSeconds(30), Duration.ofSeconds(30), 1, "lazai-java");
  }
}
