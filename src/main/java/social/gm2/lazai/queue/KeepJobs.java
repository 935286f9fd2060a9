package social.gm2.lazai.queue;

/**
 * How many finished jobs a queue keeps (BullMQ's {@code removeOnComplete} / {@code removeOnFail}).
 * The policy of the job that finishes trims the whole completed (or failed) set, as BullMQ does.
 *
 * @param count -1 keeps every job, 0 keeps none (the job is deleted when it finishes), n keeps the
 *     newest n
 * @param ageSeconds when above 0, jobs that finished longer ago are deleted
 * @param limit how many old jobs one finish deletes by age at most (BullMQ's default 1000)
 */
public record KeepJobs(int count, long ageSeconds, int limit) {

  public KeepJobs {
    if (count < -1) {
      throw new IllegalArgumentException("keep count must be -1 (all), 0 or more, got " + count);
    }
    if (ageSeconds < 0) {
      throw new IllegalArgumentException("keep age must be 0 or more seconds, got " + ageSeconds);
    }
    limit = limit <= 0 ? 1000 : limit;
  }

  /** Keep every finished job ({@code removeOnX: false}, the default). */
  public static KeepJobs all() {
    return new KeepJobs(-1, 0, 0);
  }

  /** Delete the job as soon as it finishes ({@code removeOnX: true}). */
  public static KeepJobs none() {
    return new KeepJobs(0, 0, 0);
  }

  /** Keep the newest {@code count} jobs ({@code removeOnX: count}). */
  public static KeepJobs last(int count) {
    return new KeepJobs(count, 0, 0);
  }

  public boolean keepsAll() {
    return count == -1 && ageSeconds == 0;
  }
}
