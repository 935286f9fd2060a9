package social.gm2.lazai.inference;

import java.math.BigInteger;

/** Solidity's uint256 range, which the nonce is signed as and the file id is read as. */
final class Uint256 {
  static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  private Uint256() {}

  static boolean contains(BigInteger value) {
    return value.signum() >= 0 && value.compareTo(MAX) <= 0;
  }

  /** The 32-byte big-endian ABI word of {@code value} (which must be in range). */
  static byte[] word(BigInteger value) {
    byte[] word = new byte[32];
    byte[] bytes = value.toByteArray();
    int skip = bytes.length > 32 ? bytes.length - 32 : 0;
    System.arraycopy(bytes, skip, word, 32 - (bytes.length - skip), bytes.length - skip);
    return word;
  }
}
