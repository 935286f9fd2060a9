package social.gm2.lazai.attestation;

/**
 * The width of the next {@code eth_getLogs} range: halved when the RPC refuses a range or caps its
 * results, doubled after each success up to the maximum, so a poller that catches up after a
 * refusal goes back to wide ranges instead of crawling.
 */
final class AdaptiveRange {
  private final int max;
  private int size;

  AdaptiveRange(int initial, int max) {
    this.size = initial;
    this.max = max;
  }

  synchronized int size() {
    return size;
  }

  /** The range of {@code refused} blocks was refused: the next one is half of it (at least 1). */
  synchronized void shrink(long refused) {
    size = (int) Math.max(1, Math.min(size, refused) / 2);
  }

  synchronized void grow() {
    size = (int) Math.min(max, (long) size * 2);
  }
}
