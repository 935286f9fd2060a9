package social.gm2.lazai.queue;

/** Where a job is, as BullMQ's {@code getState} names it. */
public enum JobState {
  WAITING,
  PRIORITIZED,
  DELAYED,
  ACTIVE,
  COMPLETED,
  FAILED,
  UNKNOWN
}
