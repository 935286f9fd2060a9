package social.gm2.lazai.queue;

/**
 * The largest payload a consumer takes, in bytes of the job's {@code data} as stored (UTF-8). A
 * worker checks the length before it loads the payload (on Redis, inside the fetch script) and
 * fails a larger job at once, without retries and without handing it to the handler; the job itself
 * stays as its producer wrote it.
 *
 * @param maxBytes the limit; 0 for none
 * @param setBy what sets the limit, named in the failure reason (a setting, for an operator)
 */
public record DataLimit(long maxBytes, String setBy) {
  public static final DataLimit NONE = new DataLimit(0, "");

  public DataLimit {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must be 0 (none) or more");
    }
    setBy = setBy == null ? "" : setBy;
  }

  /** Whether a payload of {@code bytes} may be loaded. */
  public boolean allows(long bytes) {
    return maxBytes == 0 || bytes <= maxBytes;
  }

  /** The failure reason of a job whose payload has {@code bytes}. */
  public String refusal(long bytes) {
    return "payload is "
        + bytes
        + " bytes, more than the limit of "
        + maxBytes
        + (setBy.isEmpty() ? "" : " set by " + setBy)
        + "; the job was failed without loading it";
  }

  /** How many bytes {@code text} has in UTF-8, counted without encoding it. */
  public static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
