package social.gm2.lazai.crypto;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * EIP-191 "personal messages" exactly as web3.js v4 {@code account.sign(text)} builds them, which
 * is what the original service signed to derive its passwords (lazai-protocol §4). Two things are
 * easy to get wrong and are pinned here: web3.js signs a text that looks like hex as the decoded
 * bytes, not as UTF-8; and the hash is the original Keccak-256, not the padded NIST SHA3-256.
 */
public final class PersonalMessage {
  /** web3-validator {@code isHexStrict}: {@code /^((-)?0x[0-9a-f]+|(0x))$/i}. */
  private static final Pattern WEB3_HEX = Pattern.compile("-?0[xX][0-9a-fA-F]+|0[xX]");

  private static final byte[] PREFIX =
      "\u0019Ethereum Signed Message:\n".getBytes(StandardCharsets.US_ASCII);

  private PersonalMessage() {}

  /**
   * The bytes web3.js signs for {@code text}: the decoded bytes if it is hex by web3.js's rule
   * ({@code "0x"} gives no bytes, case does not matter), otherwise its UTF-8.
   *
   * @throws SeedRejectedException for hex web3.js cannot decode ({@code 0xabc}, {@code -0x01})
   */
  public static byte[] bytesOf(String text) {
    if (!WEB3_HEX.matcher(text).matches()) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    if (text.startsWith("-")) {
      throw new SeedRejectedException(
          "is a negative hex number (-0x…), which web3.js treats as hex and cannot sign");
    }
    String digits = text.substring(2);
    if (digits.length() % 2 != 0) {
      throw new SeedRejectedException(
          "is hex with an odd number of digits, which web3.js cannot sign (it signs a hex seed as"
              + " the decoded bytes)");
    }
    return HexFormat.of().parseHex(digits);
  }

  /** {@code keccak256("\x19Ethereum Signed Message:\n" + decimal(length) + message)}. */
  public static byte[] hash(byte[] message) {
    byte[] length = Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII);
    return keccak256(PREFIX, length, message);
  }

  /** Ethereum's Keccak-256 of the concatenated parts. */
  public static byte[] keccak256(byte[]... parts) {
    KeccakDigest digest = new KeccakDigest(256);
    for (byte[] part : parts) {
      digest.update(part, 0, part.length);
    }
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }
}
