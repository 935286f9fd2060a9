package social.gm2.lazai.crypto;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Large test payloads that never exist whole: a deterministic byte pattern (byte i = i·31 mod 251)
 * produced as it is read, and a sink that only keeps the SHA-256 of what it was given.
 */
final class PatternStream extends InputStream {
  private static final int PERIOD = 251;
  private static final byte[] PERIODS = bytes(PERIOD * 64);

  private final long length;
  private long position;

  PatternStream(long length) {
    this.length = length;
  }

  /** The first {@code size} bytes of the pattern, in memory. */
  static byte[] bytes(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 % PERIOD);
    }
    return bytes;
  }

  /** The SHA-256 of the first {@code length} bytes of the pattern. */
  static byte[] sha256(long length) {
    Sha256Sink sink = new Sha256Sink();
    new PatternStream(length).transferTo(sink);
    return sink.digest();
  }

  @Override
  public int read() {
    return position < length ? PERIODS[(int) (position++ % PERIOD)] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (position >= length) {
      return -1;
    }
    int from = (int) (position % PERIOD);
    int n = (int) Math.min(Math.min(len, length - position), PERIODS.length - from);
    System.arraycopy(PERIODS, from, b, off, n);
    position += n;
    return n;
  }

  @Override
  public long transferTo(OutputStream out) {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n = read(buffer, 0, buffer.length); n > 0; n = read(buffer, 0, buffer.length)) {
      try {
        out.write(buffer, 0, n);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      total += n;
    }
    return total;
  }

  /** Keeps only the count and SHA-256 of what is written. */
  static final class Sha256Sink extends OutputStream {
    private final MessageDigest sha;
    long count;

    Sha256Sink() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void write(int b) {
      sha.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      sha.update(b, off, len);
      count += len;
    }

    byte[] digest() {
      return sha.digest();
    }
  }
}
