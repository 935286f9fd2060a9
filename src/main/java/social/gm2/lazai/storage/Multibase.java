package social.gm2.lazai.storage;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/**
 * The two text encodings CIDs use here: base58btc (bare, as CIDv0 is printed) and RFC 4648 base32
 * lower-case without padding (the {@code b} multibase that Kubo and Pinata print CIDv1 in).
 */
final class Multibase {
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

  private Multibase() {}

  static String base58(byte[] bytes) {
    StringBuilder text = new StringBuilder();
    BigInteger value = new BigInteger(1, bytes);
    while (value.signum() > 0) {
      BigInteger[] quotientAndRemainder = value.divideAndRemainder(FIFTY_EIGHT);
      text.append(BASE58.charAt(quotientAndRemainder[1].intValue()));
      value = quotientAndRemainder[0];
    }
    for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
      text.append('1');
    }
    return text.reverse().toString();
  }

  static byte[] decodeBase58(String text) {
    BigInteger value = BigInteger.ZERO;
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    for (int i = 0; i < text.length(); i++) {
      int digit = BASE58.indexOf(text.charAt(i));
      if (digit < 0) {
        throw new IllegalArgumentException(
            "'" + text.charAt(i) + "' at index " + i + " is not a base58btc character");
      }
      value = value.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(digit));
    }
    byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
    int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
    byte[] out = new byte[zeros + magnitude.length - skip];
    System.arraycopy(magnitude, skip, out, zeros, magnitude.length - skip);
    return out;
  }

  static String base32(byte[] bytes) {
    StringBuilder text = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        text.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      text.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return text.toString();
  }

  static byte[] decodeBase32(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      int digit = BASE32.indexOf(text.charAt(i));
      if (digit < 0) {
        throw new IllegalArgumentException(
            "'" + text.charAt(i) + "' at index " + i + " is not a base32 character");
      }
      buffer = (buffer << 5) | digit;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
      throw new IllegalArgumentException("base32 text has trailing bits");
    }
    return out.toByteArray();
  }
}
