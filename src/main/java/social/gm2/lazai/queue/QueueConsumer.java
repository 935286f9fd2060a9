package social.gm2.lazai.queue;

/**
 * A feature's claim on a queue: declared as a bean, it gets a worker that runs {@code handler} and
 * fails payloads over {@code dataLimit} without loading them.
 *
 * @param concurrency the jobs the feature can usefully run at once, used when {@code
 *     lazai.queue.concurrency.<queue>} does not name the queue; null takes {@code
 *     lazai.queue.default-concurrency}
 * @param stallsAllowed the least {@code maxStalledCount} its worker uses (0: the configured one); a
 *     queue whose jobs are safe to run again after their worker died (a mint job resumes its mint
 *     where it stands) raises it, so that a few crashed instances never fail a job
 */
public record QueueConsumer(
    String queue, JobHandler handler, DataLimit dataLimit, Integer concurrency, int stallsAllowed) {

  public QueueConsumer {
    if (queue == null || queue.isBlank() || handler == null) {
      throw new IllegalArgumentException("a consumer needs a queue name and a handler");
    }
    if (concurrency != null && concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be 1 or more, got " + concurrency);
    }
    if (stallsAllowed < 0) {
      throw new IllegalArgumentException("stallsAllowed must be 0 or more");
    }
    dataLimit = dataLimit == null ? DataLimit.NONE : dataLimit;
  }

  /** A consumer with the configured stall limit. */
  public QueueConsumer(String queue, JobHandler handler, DataLimit dataLimit, Integer concurrency) {
    this(queue, handler, dataLimit, concurrency, 0);
  }

  /** A consumer without a payload limit, at the configured concurrency. */
  public QueueConsumer(String queue, JobHandler handler) {
    this(queue, handler, DataLimit.NONE, null);
  }

  /** The options of this consumer's worker: {@code configured}, with its limit and stalls. */
  public WorkerOptions workerOptions(WorkerOptions configured) {
    WorkerOptions o = configured.withDataLimit(dataLimit);
    if (stallsAllowed <= o.maxStalledCount()) {
      return o;
    }
    return new WorkerOptions(
        o.concurrency(),
        o.lockDuration(),
        o.stalledInterval(),
        stallsAllowed,
        o.name(),
        o.dataLimit());
  }
}
