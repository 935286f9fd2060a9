package social.gm2.lazai.storage;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The vectors' {@code sha256-counter} plaintext (see vectors/README.md) as a stream, so tests can
 * feed the 45 MB vector files, or 100 MB, without holding them: block(i) = SHA-256(seed ‖
 * uint32_be(i)), concatenated and cut to {@code length} bytes.
 */
public final class CounterStream extends InputStream {
  /** The seed of every file in cids.json: "LazAI CID vectors". */
  public static final String CID_SEED = "4c617a41492043494420766563746f7273";

  private final byte[] seed;
  private final long length;
  private final MessageDigest sha256;
  private final byte[] block = new byte[32];
  private long position;

  public CounterStream(String seedHex, long length) {
    this.seed = HexFormat.of().parseHex(seedHex);
    this.length = length;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static CounterStream cidVector(long length) {
    return new CounterStream(CID_SEED, length);
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int max) {
    if (position >= length) {
      return -1;
    }
    int n = (int) Math.min(max, length - position);
    for (int i = 0; i < n; ) {
      int within = (int) (position % 32);
      if (within == 0) {
        sha256.update(seed);
        sha256.update(ByteBuffer.allocate(4).putInt((int) (position / 32)).array());
        System.arraycopy(sha256.digest(), 0, block, 0, 32);
      }
      int take = Math.min(32 - within, n - i);
      System.arraycopy(block, within, into, offset + i, take);
      i += take;
      position += take;
    }
    return n;
  }
}
