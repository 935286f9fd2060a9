package social.gm2.lazai.queue;

/**
 * A feature's claim on a queue: declared as a bean, it gets a worker that runs {@code handler} with
 * the concurrency configured for {@code queue}.
 */
public record QueueConsumer(String queue, JobHandler handler) {

  public QueueConsumer {
    if (queue == null || queue.isBlank() || handler == null) {
      throw new IllegalArgumentException("a consumer needs a queue name and a handler");
    }
  }
}
