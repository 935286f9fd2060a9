package social.gm2.lazai.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Ethereum addresses and their EIP-55 checksum: a mixed-case address spells its own checksum, so a
 * mistyped character is caught; an all-lower or all-upper address carries none.
 */
public final class Addresses {
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  private Addresses() {}

  /**
   * Whether {@code text} is {@code 0x} and 40 hex digits whose case, if mixed, is a valid checksum.
   */
  public static boolean valid(String text) {
    if (text == null || !ADDRESS.matcher(text).matches()) {
      return false;
    }
    String digits = text.substring(2);
    boolean mixed =
        !digits.equals(digits.toLowerCase(Locale.ROOT))
            && !digits.equals(digits.toUpperCase(Locale.ROOT));
    return !mixed || checksummed(text).equals(text);
  }

  /** The EIP-55 spelling of a 0x-prefixed 20-byte hex address. */
  public static String checksummed(String address) {
    String hex = address.substring(2).toLowerCase(Locale.ROOT);
    byte[] checksum = PersonalMessage.keccak256(hex.getBytes(StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < hex.length(); i++) {
      int nibble = (checksum[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      char c = hex.charAt(i);
      out.append(nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }
}
