package social.gm2.lazai.queue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The producer side of one named queue, and a read-only view of its jobs. The queue carries ids and
 * small payloads, never the truth: consumers must make every job safe to run twice.
 */
public interface JobQueue {

  String name();

  /**
   * Adds a job.
   *
   * @param data the payload as JSON text
   * @return the job id; for a custom id that already exists, that id (nothing changes)
   * @throws IllegalArgumentException for a blank name, data that is not JSON, or a bad custom id
   * @throws QueueUnavailableException when the store cannot be reached
   */
  String add(String name, String data, JobOptions options);

  /** The job, while the queue retains it. */
  Optional<JobInfo> job(String id);

  /**
   * The newest failed jobs the queue retains, most recently failed first, at most {@code limit}, as
   * summaries without their payloads (for the admin view).
   *
   * @param field the payload's top-level string field to report (e.g. {@code tokenAddress}); read
   *     where the job is stored, and only from payloads of at most {@code maxDataBytes}
   * @throws QueueUnavailableException when the store cannot be reached
   */
  List<FailedJobSummary> failed(int limit, String field, long maxDataBytes);

  /**
   * The ids of the jobs in {@code state}, newest first as Bull Board lists them, from index {@code
   * start} to {@code end} inclusive (for the admin view's paging).
   *
   * @throws IllegalArgumentException for {@link JobState#UNKNOWN} or a negative or inverted range
   * @throws QueueUnavailableException when the store cannot be reached
   */
  List<String> ids(JobState state, int start, int end);

  /**
   * Retries a failed job as BullMQ's {@code Job.retry('failed')} does: back to waiting with its
   * failed reason and times cleared, its attempts made kept (the admin view's retry).
   *
   * @return false when there is no such job or it is not failed (nothing changes)
   * @throws QueueUnavailableException when the store cannot be reached
   */
  boolean retryFailed(String id);

  /** Jobs per state ({@code waiting, active, delayed, prioritized, completed, failed}). */
  Map<JobState, Long> counts();

  /**
   * Removes the queue's repeatable jobs whose job name is {@code jobName} (null: all of them;
   * BullMQ 5 repeatables added with a {@code repeat} option, and job schedulers), with their
   * pending iteration; an iteration a worker runs now finishes, but no next one is produced.
   *
   * @return what was removed, one entry per schedule
   * @throws QueueUnavailableException when the store cannot be reached
   */
  List<RemovedRepeatable> removeRepeatables(String jobName);

  /**
   * A removed schedule: its key in the queue's {@code repeat} set, its pending iteration's job id,
   * and the state that iteration was in ({@code delayed}, {@code waiting}, {@code active} when left
   * to finish, {@code gone} when there was none).
   */
  record RemovedRepeatable(String key, String iterationId, String iterationState) {}

  /** Checks {@link #ids}' arguments. */
  static void checkRange(JobState state, int start, int end) {
    if (state == null || state == JobState.UNKNOWN) {
      throw new IllegalArgumentException("a job state is required, not " + state);
    }
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad range " + start + ".." + end);
    }
  }
}
