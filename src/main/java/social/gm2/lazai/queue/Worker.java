package social.gm2.lazai.queue;

import java.time.Duration;

/**
 * Runs a {@link JobHandler} on the jobs of one queue, with a fixed number of concurrent slots.
 * Stopping lets the jobs in progress finish (within a timeout) and takes no new ones.
 */
public interface Worker extends AutoCloseable {

  String queue();

  void start();

  /**
   * Stops taking jobs and waits up to {@code timeout} for the jobs in progress to finish. Jobs
   * still running then are abandoned: their locks expire and a stalled-job check returns them to
   * the queue.
   *
   * @return whether every job in progress finished in time
   */
  boolean close(Duration timeout);

  @Override
  default void close() {
    close(Duration.ofSeconds(30));
  }
}
