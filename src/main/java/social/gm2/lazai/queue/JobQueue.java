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

  /**
   * Retries every failed job that had failed when the call began, as {@link #retryFailed} retries
   * one (BullMQ's {@code Queue.retryJobs({state: 'failed'})}); a job that fails again meanwhile is
   * not picked up twice.
   *
   * @return how many went back to waiting
   * @throws QueueUnavailableException when the store cannot be reached
   */
  long retryAllFailed();

  /**
   * Moves a delayed job to waiting now, as BullMQ's {@code Job.promote()}.
   *
   * @return false when there is no such job or it is not delayed (nothing changes)
   * @throws QueueUnavailableException when the store cannot be reached
   */
  boolean promote(String id);

  /**
   * Removes a job and everything kept for it, in any state but active, as BullMQ's {@code
   * Job.remove()}.
   *
   * @throws QueueUnavailableException when the store cannot be reached
   */
  Removal remove(String id);

  /** What {@link #remove} did. */
  enum Removal {
    REMOVED,
    /** No such job (nothing changes). */
    NOT_FOUND,
    /** A worker holds the job (nothing changes): BullMQ refuses to remove a locked job. */
    ACTIVE,
    /** The pending iteration of a job scheduler, which removing would stop (BullMQ's -8). */
    SCHEDULED
  }

  /**
   * Removes at most {@code limit} jobs in {@code state} that are older than {@code before}, as
   * BullMQ's {@code Queue.clean(grace, limit, state)} with {@code before = now - grace}: completed
   * and failed jobs that finished before it, delayed jobs last started (else created) before it. A
   * job scheduler's pending iteration stays.
   *
   * @param limit at most this many, 0 for no limit
   * @return the removed ids
   * @throws IllegalArgumentException for a state other than completed, failed or delayed, or a
   *     negative limit
   * @throws QueueUnavailableException when the store cannot be reached
   */
  List<String> clean(JobState state, long before, int limit);

  /**
   * Pauses the queue for every worker, this service's and Node's, as BullMQ's {@code
   * Queue.pause()}: jobs can still be added (they wait), none is started until {@link #resume};
   * active jobs finish.
   *
   * @throws QueueUnavailableException when the store cannot be reached
   */
  void pause();

  /**
   * Resumes a paused queue ({@code Queue.resume()}).
   *
   * @throws QueueUnavailableException when the store cannot be reached
   */
  void resume();

  /** Whether the queue is paused ({@code Queue.isPaused()}). */
  boolean isPaused();

  /** Checks {@link #clean}'s arguments. */
  static void checkClean(JobState state, int limit) {
    if (state != JobState.COMPLETED && state != JobState.FAILED && state != JobState.DELAYED) {
      throw new IllegalArgumentException(
          "only completed, failed or delayed jobs can be cleaned, not " + state);
    }
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be 0 (none) or more, not " + limit);
    }
  }

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
