package social.gm2.lazai.queue;

/**
 * A feature's claim on a queue: declared as a bean, it gets a worker that runs {@code handler} with
 * the concurrency configured for {@code queue}, and fails payloads over {@code dataLimit} without
 * loading them.
 */
public record QueueConsumer(String queue, JobHandler handler, DataLimit dataLimit) {

  public QueueConsumer {
    if (queue == null || queue.isBlank() || handler == null) {
      throw new IllegalArgumentException("a consumer needs a queue name and a handler");
    }
    dataLimit = dataLimit == null ? DataLimit.NONE : dataLimit;
  }

  /** A consumer without a payload limit. */
  public QueueConsumer(String queue, JobHandler handler) {
    this(queue, handler, DataLimit.NONE);
  }
}
