package social.gm2.lazai.queue;

/**
 * A job handed to a {@link JobHandler}: one attempt of it.
 *
 * @param queue the queue's name
 * @param id the job id
 * @param name the job name given by the producer
 * @param data the payload as JSON text, exactly as the producer wrote it
 * @param attemptsMade attempts finished before this one
 * @param timestamp when it was added (epoch ms)
 * @param traceMetadata the producer's trace context as BullMQ's telemetry stores it in the job's
 *     {@code opts.tm}: JSON text such as {@code {"traceparent":"00-…"}}; null when there is none
 */
public record Job(
    String queue,
    String id,
    String name,
    String data,
    int attemptsMade,
    long timestamp,
    String traceMetadata) {

  /** A job without a producer's trace context. */
  public Job(String queue, String id, String name, String data, int attemptsMade, long timestamp) {
    this(queue, id, name, data, attemptsMade, timestamp, null);
  }
}
