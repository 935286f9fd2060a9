package social.gm2.lazai.signer;

import java.util.HexFormat;
import social.gm2.lazai.crypto.PersonalMessage;

/**
 * A signed transaction as it is stored and broadcast.
 *
 * @param raw the signed bytes, {@code 0x}-prefixed lower-case hex (what {@code
 *     eth_sendRawTransaction} takes)
 * @param hash the transaction hash, keccak-256 of the raw bytes, {@code 0x}-prefixed
 */
public record SignedTransaction(String raw, String hash) {

  /** The signed transaction whose bytes are {@code raw}. */
  public static SignedTransaction of(byte[] raw) {
    HexFormat hex = HexFormat.of();
    return new SignedTransaction(
        "0x" + hex.formatHex(raw), "0x" + hex.formatHex(PersonalMessage.keccak256(raw)));
  }

  public byte[] rawBytes() {
    return HexFormat.of().parseHex(raw.substring(2));
  }
}
