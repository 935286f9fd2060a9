package social.gm2.lazai.queue;

/**
 * Processes one attempt of a job. Returning completes the job; throwing fails the attempt, and the
 * queue retries it as the job's options allow unless the exception is a {@link
 * NonRetryableJobException}.
 */
@FunctionalInterface
public interface JobHandler {

  /**
   * @return the job's return value as JSON text, or null (stored as JSON {@code null})
   */
  String process(Job job) throws Exception;
}
