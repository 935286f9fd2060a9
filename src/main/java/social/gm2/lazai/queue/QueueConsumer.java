package social.gm2.lazai.queue;

/**
 * A feature's claim on a queue: declared as a bean, it gets a worker that runs {@code handler} and
 * fails payloads over {@code dataLimit} without loading them.
 *
 * @param concurrency the jobs the feature can usefully run at once, used when {@code
 *     lazai.queue.concurrency.<queue>} does not name the queue; null takes {@code
 *     lazai.queue.default-concurrency}
 */
public record QueueConsumer(
    String queue, JobHandler handler, DataLimit dataLimit, Integer concurrency) {

  public QueueConsumer {
    if (queue == null || queue.isBlank() || handler == null) {
      throw new IllegalArgumentException("a consumer needs a queue name and a handler");
    }
    if (concurrency != null && concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be 1 or more, got " + concurrency);
    }
    dataLimit = dataLimit == null ? DataLimit.NONE : dataLimit;
  }

  /** A consumer without a payload limit, at the configured concurrency. */
  public QueueConsumer(String queue, JobHandler handler) {
    this(queue, handler, DataLimit.NONE, null);
  }
}
