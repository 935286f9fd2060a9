package social.gm2.lazai.queue;

/**
 * A feature's claim on a queue: declared as a bean, it gets a worker that runs {@code handler} with
 * the concurrency configured for {@code queue}, and fails payloads over {@code dataLimit} without
 * loading them.
 *
 * @param stallsAllowed the least {@code maxStalledCount} its worker uses (0: the configured one); a
 *     queue whose jobs are safe to run again after their worker died (a mint job resumes its mint
 *     where it stands) raises it, so that a few crashed instances never fail a job
 */
public record QueueConsumer(
    String queue, JobHandler handler, DataLimit dataLimit, int stallsAllowed) {

  public QueueConsumer {
    if (queue == null || queue.isBlank() || handler == null) {
      throw new IllegalArgumentException("a consumer needs a queue name and a handler");
    }
    if (stallsAllowed < 0) {
      throw new IllegalArgumentException("stallsAllowed must be 0 or more");
    }
    dataLimit = dataLimit == null ? DataLimit.NONE : dataLimit;
  }

  /** A consumer with the configured stall limit. */
  public QueueConsumer(String queue, JobHandler handler, DataLimit dataLimit) {
    this(queue, handler, dataLimit, 0);
  }

  /** A consumer without a payload limit. */
  public QueueConsumer(String queue, JobHandler handler) {
    this(queue, handler, DataLimit.NONE);
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
