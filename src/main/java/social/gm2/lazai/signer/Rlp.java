package social.gm2.lazai.signer;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ethereum's Recursive Length Prefix encoding (yellow paper, appendix B), as much as transactions
 * need: byte strings, unsigned integers as minimal big-endian byte strings, and lists. Decoding is
 * strict (canonical lengths only), because it checks what a remote signer sent back.
 */
final class Rlp {
  private Rlp() {}

  /** A byte string item. */
  static byte[] bytes(byte[] value) {
    if (value.length == 1 && (value[0] & 0xff) < 0x80) {
      return value.clone();
    }
    return concat(header(0x80, value.length), value);
  }

  /** An unsigned integer: its minimal big-endian bytes (zero is the empty string). */
  static byte[] integer(BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("RLP integers are unsigned");
    }
    return bytes(unsigned(value));
  }

  /** A list of already encoded items. */
  static byte[] list(byte[]... items) {
    byte[] payload = concat(items);
    return concat(header(0xc0, payload.length), payload);
  }

  /** The minimal big-endian bytes of a non-negative integer; zero has none. */
  static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int start = 0;
    while (start < bytes.length && bytes[start] == 0) {
      start++;
    }
    return Arrays.copyOfRange(bytes, start, bytes.length);
  }

  /**
   * Decodes one item that spans all of {@code encoded}: a {@code byte[]} for a string, a {@code
   * List<Object>} for a list.
   *
   * @throws IllegalArgumentException if it is not canonical RLP or has trailing bytes
   */
  static Object decode(byte[] encoded) {
    int[] end = new int[1];
    Object item = decode(encoded, 0, end);
    if (end[0] != encoded.length) {
      throw new IllegalArgumentException("RLP has trailing bytes after its item");
    }
    return item;
  }

  private static Object decode(byte[] in, int at, int[] end) {
    require(at < in.length);
    int prefix = in[at] & 0xff;
    if (prefix < 0x80) {
      end[0] = at + 1;
      return new byte[] {in[at]};
    }
    boolean isList = prefix >= 0xc0;
    int base = isList ? 0xc0 : 0x80;
    int start;
    int length;
    if (prefix - base <= 55) {
      length = prefix - base;
      start = at + 1;
    } else {
      int lengthBytes = prefix - base - 55;
      require(lengthBytes <= 4 && at + lengthBytes < in.length && in[at + 1] != 0);
      length = new BigInteger(1, Arrays.copyOfRange(in, at + 1, at + 1 + lengthBytes)).intValue();
      require(length > 55);
      start = at + 1 + lengthBytes;
    }
    require(length >= 0 && start + length <= in.length);
    end[0] = start + length;
    if (!isList) {
      byte[] value = Arrays.copyOfRange(in, start, start + length);
      require(!(length == 1 && (value[0] & 0xff) < 0x80));
      return value;
    }
    List<Object> items = new ArrayList<>();
    int[] itemEnd = new int[1];
    for (int i = start; i < start + length; i = itemEnd[0]) {
      items.add(decode(in, i, itemEnd));
      require(itemEnd[0] <= start + length);
    }
    return items;
  }

  private static void require(boolean canonical) {
    if (!canonical) {
      throw new IllegalArgumentException("not canonical RLP");
    }
  }

  private static byte[] header(int base, int length) {
    if (length <= 55) {
      return new byte[] {(byte) (base + length)};
    }
    byte[] size = unsigned(BigInteger.valueOf(length));
    return concat(new byte[] {(byte) (base + 55 + size.length)}, size);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
