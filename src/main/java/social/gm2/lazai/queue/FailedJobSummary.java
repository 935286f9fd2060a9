package social.gm2.lazai.queue;

/**
 * A failed job for an admin list, without its payload (a payload may carry a creator's data): the
 * store reads one top-level string field out of it where the job is kept, so the payload never
 * leaves the store.
 *
 * @param field the asked field's value when the payload has it as a string (at most 256
 *     characters), else null
 * @param attemptsMade attempts finished
 * @param failedReason the last failure's message, or null
 * @param finishedOn when it failed for good (epoch ms), or 0
 */
public record FailedJobSummary(
    String id, String name, String field, int attemptsMade, String failedReason, long finishedOn) {

  /** Longest field value kept. */
  public static final int MAX_FIELD = 256;

  /** A field name that can be looked for safely (letters, digits, underscore). */
  public static String checkField(String field) {
    if (field == null || !field.matches("[A-Za-z0-9_]{1,64}")) {
      throw new IllegalArgumentException("a payload field name is letters, digits or _");
    }
    return field;
  }
}
