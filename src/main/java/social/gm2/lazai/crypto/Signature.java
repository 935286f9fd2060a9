package social.gm2.lazai.crypto;

import java.math.BigInteger;
import java.util.HexFormat;
import org.bouncycastle.util.BigIntegers;

/**
 * An Ethereum ECDSA signature in the 65-byte form web3.js writes: r ‖ s ‖ v with v = 27 + recovery
 * id. Kept as a value so the serialisation (and its parsing for recovery) lives in one place.
 *
 * @param r the x coordinate of the nonce point, mod n
 * @param s the proof value, in [1, n − 1]
 * @param recoveryId 0 or 1: the parity of the nonce point's y, which lets anyone recover the key
 */
public record Signature(BigInteger r, BigInteger s, int recoveryId) {
  private static final int HEX_LENGTH = 2 + 65 * 2;

  /**
   * @throws InvalidSignatureException if r or s lies outside [1, n − 1] or the recovery id is not 0
   *     or 1
   */
  public Signature {
    if (r == null || s == null || !inRange(r) || !inRange(s)) {
      throw new InvalidSignatureException("the signature's r or s is outside [1, n − 1]");
    }
    if (recoveryId != 0 && recoveryId != 1) {
      throw new InvalidSignatureException(
          "the signature's recovery id is " + recoveryId + ", not 0 or 1");
    }
  }

  /** {@code 0x} + r + s + v, lower-case, 132 characters. */
  public String toHex() {
    byte[] bytes = new byte[65];
    BigIntegers.asUnsignedByteArray(r, bytes, 0, 32);
    BigIntegers.asUnsignedByteArray(s, bytes, 32, 32);
    bytes[64] = (byte) (27 + recoveryId);
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  /**
   * Parses the 65-byte hex form, with or without {@code 0x}; v may be 27/28 or 0/1.
   *
   * @throws InvalidSignatureException if it is not such a signature
   */
  public static Signature fromHex(String hex) {
    String digits = hex != null && hex.startsWith("0x") ? hex.substring(2) : hex;
    if (digits == null || digits.length() != HEX_LENGTH - 2 || !isHex(digits)) {
      throw new InvalidSignatureException("a signature must be 65 bytes as 130 hex digits");
    }
    byte[] bytes = HexFormat.of().parseHex(digits);
    int v = bytes[64] & 0xff;
    if (v != 0 && v != 1 && v != 27 && v != 28) {
      throw new InvalidSignatureException("the signature's v byte is " + v + ", not 27 or 28");
    }
    BigInteger r = new BigInteger(1, bytes, 0, 32);
    BigInteger s = new BigInteger(1, bytes, 32, 32);
    if (!inRange(r) || !inRange(s)) {
      throw new InvalidSignatureException("the signature's r or s is outside [1, n − 1]");
    }
    return new Signature(r, s, v >= 27 ? v - 27 : v);
  }

  private static boolean inRange(BigInteger value) {
    return value.signum() > 0 && value.compareTo(Secp256k1.N) < 0;
  }

  static boolean isHex(String digits) {
    return digits.chars().allMatch(HexFormat::isHexDigit);
  }
}
