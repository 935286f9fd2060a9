package social.gm2.lazai.mint;

/**
 * How large a mint request may be as JSON, derived from {@code lazai.mint.max-data-size}: the data
 * travels as an array of numbers ({@code privacyData: [255,0,…]}), at most {@value #CHARS_PER_BYTE}
 * characters per byte without spaces, plus {@value #SLACK} bytes for the other fields. The REST API
 * refuses a larger body (413) and the queue worker a larger {@code lazai-mint-dat} payload before
 * either is parsed.
 */
public final class PayloadLimit {
  public static final int CHARS_PER_BYTE = 4;
  public static final long SLACK = 64 * 1024;

  private PayloadLimit() {}

  /** The largest JSON text of a request carrying {@code maxDataSize} bytes of data. */
  public static long jsonBytes(long maxDataSize) {
    return maxDataSize * CHARS_PER_BYTE + SLACK;
  }

  /** The setting and rule, for messages. */
  public static String rule() {
    return "lazai.mint.max-data-size (" + CHARS_PER_BYTE + " characters per byte + 64 KiB)";
  }
}
