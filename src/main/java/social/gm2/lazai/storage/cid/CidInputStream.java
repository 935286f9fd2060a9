package social.gm2.lazai.storage.cid;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes exactly {@code length} bytes of a source through while computing their CID, so a store can
 * hash content in the same pass that writes or uploads it. A source that ends early, or has more
 * than {@code length} bytes, fails the read with a {@link ContentLengthException}, which is also
 * kept in {@link #lengthProblem()} for callers whose I/O layer wraps exceptions (the JDK HTTP
 * client does). Closing it does not close the source: the caller owns that. Reads and {@link
 * #finish()} are synchronized, because an HTTP client may still be reading on its own thread when
 * the response has arrived and the caller finishes.
 */
public final class CidInputStream extends FilterInputStream {
  private final long length;
  private final UnixFsBuilder builder;
  private long remaining;
  private ContentLengthException lengthProblem;
  private boolean sourceEnded;

  public CidInputStream(InputStream source, long length, int cidVersion) {
    super(source);
    if (length < 0) {
      throw new IllegalArgumentException("length must be 0 or more, got " + length);
    }
    this.length = length;
    this.remaining = length;
    this.builder = new UnixFsBuilder(cidVersion);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] into, int offset, int max) throws IOException {
    if (max == 0) {
      return 0;
    }
    if (remaining == 0) {
      checkSourceEnded();
      return -1;
    }
    int n = in.read(into, offset, (int) Math.min(max, remaining));
    if (n < 0) {
      throw problem(
          "the content ended after "
              + (length - remaining)
              + " of the declared "
              + length
              + " bytes");
    }
    builder.write(into, offset, n);
    remaining -= n;
    return n;
  }

  @Override
  public long skip(long n) {
    return 0;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), remaining);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // The caller owns the source.
  }

  /** Reads any rest of the declared length, checks the source ended, and returns the DAG. */
  public synchronized UnixFsFile finish() throws IOException {
    byte[] sink = new byte[8192];
    while (read(sink, 0, sink.length) >= 0) {
      // Hashing only: the bytes were not wanted by the reader.
    }
    return builder.finish();
  }

  /** Bytes passed through so far. */
  public long count() {
    return length - remaining;
  }

  /** The length mismatch that failed a read, if one did. */
  public ContentLengthException lengthProblem() {
    return lengthProblem;
  }

  private void checkSourceEnded() throws IOException {
    if (lengthProblem != null) {
      throw lengthProblem;
    }
    if (!sourceEnded) {
      if (in.read() >= 0) {
        throw problem("the content is longer than the declared " + length + " bytes");
      }
      sourceEnded = true;
    }
  }

  private ContentLengthException problem(String message) {
    lengthProblem = new ContentLengthException(message);
    return lengthProblem;
  }
}
