package social.gm2.lazai.attestation;

/**
 * The width of the next {@code eth_getLogs} range: halved when the RPC refuses a range or caps its
 * results, doubled after each success — but not past the last refused width until enough ranges
 * have passed, so a provider with a fixed limit is not asked for a refused width every other call,
 * and one whose limit depended on load gets wide ranges again later.
 */
final class AdaptiveRange {
  /** Successful ranges after which a refused width is tried again. */
  static final int RETRY_WIDER_AFTER = 64;

  private final int max;
  private int size;
  private int ceiling;
  private int successes;

  AdaptiveRange(int initial, int max) {
    this.size = initial;
    this.max = max;
    this.ceiling = max;
  }

  synchronized int size() {
    return size;
  }

  /** A range of {@code refused} blocks was refused: the next one is half of it (at least 1). */
  synchronized void shrink(long refused) {
    ceiling = (int) Math.max(1, Math.min(ceiling, refused - 1));
    size = (int) Math.max(1, Math.min(size, refused) / 2);
    successes = 0;
  }

  synchronized void grow() {
    if (++successes >= RETRY_WIDER_AFTER) {
      ceiling = max;
      successes = 0;
    }
    size = (int) Math.min(ceiling, (long) size * 2);
  }
}
