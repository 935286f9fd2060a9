package social.gm2.lazai.storage;

import java.io.FilterInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.LongSupplier;
import social.gm2.lazai.support.Await;

/**
 * Proves a store streams: after {@code gate} bytes, the next read blocks until the store reports
 * that at least {@code expected} bytes already reached their destination (disk, server). A store
 * that buffered the whole input before writing would never get there and fail the test at the
 * deadline.
 */
final class GatedStream extends FilterInputStream {
  private final long gate;
  private final long expected;
  private final LongSupplier arrived;
  private long delivered;
  private boolean opened;

  GatedStream(InputStream in, long gate, long expected, LongSupplier arrived) {
    super(in);
    this.gate = gate;
    this.expected = expected;
    this.arrived = arrived;
  }

  @Override
  public int read() throws java.io.IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int max) throws java.io.IOException {
    if (!opened && delivered >= gate) {
      Await.until(Duration.ofSeconds(20), arrived::getAsLong, n -> n >= expected);
      opened = true;
    }
    int limit = opened ? max : (int) Math.min(max, gate - delivered);
    int n = in.read(into, offset, limit);
    if (n > 0) {
      delivered += n;
    }
    return n;
  }

  boolean opened() {
    return opened;
  }
}
