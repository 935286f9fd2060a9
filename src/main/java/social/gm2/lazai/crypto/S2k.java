package social.gm2.lazai.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * OpenPGP's string-to-key derivation (RFC 4880 §3.7.1) for the simple, salted and iterated+salted
 * kinds. The iterated kind hashes {@code salt ‖ password} repeated to 16 MiB for alith's count byte
 * 0xE0, which is most of the cost of encrypting a small file; feeding the digest from a large
 * pre-filled buffer instead of 140-byte pieces makes it run at the digest's full speed.
 */
final class S2k {
  private static final int FEED = 64 * 1024;

  private S2k() {}

  /** The iteration count that an OpenPGP count byte stands for. */
  static long count(int countByte) {
    return (16L + (countByte & 15)) << ((countByte >> 4) + 6);
  }

  /**
   * A key of {@code keyLength} bytes from {@code password}; {@code salt} null for the simple kind,
   * {@code count} 0 for the salted kind.
   */
  static byte[] derive(String hash, byte[] salt, long count, String password, int keyLength) {
    MessageDigest digest = digest(hash);
    byte[] unit =
        concat(salt == null ? new byte[0] : salt, password.getBytes(StandardCharsets.UTF_8));
    long total = Math.max(count, unit.length);
    byte[] feed = repeat(unit, (int) Math.min(FEED, total));
    byte[] key = new byte[keyLength];
    // Each further digest-sized piece of the key comes from a context preloaded with one more zero.
    for (int piece = 0, at = 0; at < keyLength; piece++) {
      digest.reset();
      digest.update(new byte[piece]);
      for (long left = total; left > 0; left -= feed.length) {
        digest.update(feed, 0, (int) Math.min(feed.length, left));
      }
      byte[] out = digest.digest();
      int n = Math.min(out.length, keyLength - at);
      System.arraycopy(out, 0, key, at, n);
      at += n;
    }
    return key;
  }

  /** {@code unit} repeated to {@code length} bytes, a whole number of units where it fits. */
  private static byte[] repeat(byte[] unit, int length) {
    if (unit.length == 0) {
      return new byte[0];
    }
    int whole = Math.max(unit.length, length - length % unit.length);
    byte[] out = new byte[whole];
    for (int at = 0; at < whole; at += unit.length) {
      System.arraycopy(unit, 0, out, at, Math.min(unit.length, whole - at));
    }
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + name, e);
    }
  }
}
