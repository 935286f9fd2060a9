package social.gm2.lazai.signer.keystore;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import social.gm2.lazai.crypto.PersonalMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens an Ethereum V3 keystore ("Web3 Secret Storage"), as geth, web3j, ethers and web3.js write
 * it: the key is AES-128-CTR encrypted under the first half of a key derived from the password by
 * scrypt or PBKDF2-HMAC-SHA256, and the file carries {@code keccak256(derived[16..32] ‖
 * ciphertext)} as its MAC, which tells a wrong password from a right one before the key is used.
 *
 * <p>The password is taken as its UTF-8 bytes, as geth and web3j do; if those do not open the file
 * and the password changes under Unicode NFKC normalisation, its NFKC form is tried too, because
 * ethers 6 normalises passwords that way (NFKC) before deriving the key.
 */
public final class Keystore {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Keystore() {}

  /**
   * The 32 key bytes in {@code json}, decrypted with {@code password}.
   *
   * @throws KeystoreException if the file is not a V3 keystore this supports, or the password does
   *     not open it
   */
  public static byte[] decrypt(String json, String password) {
    JsonNode crypto = crypto(parse(json));
    String cipher = text(crypto, "cipher");
    if (!cipher.toLowerCase(Locale.ROOT).equals("aes-128-ctr")) {
      throw new KeystoreException(
          "the keystore's cipher is '" + cipher + "'; only aes-128-ctr is supported");
    }
    Kdf kdf = Kdf.of(text(crypto, "kdf"), field(crypto, "kdfparams"));
    byte[] ciphertext = hex(crypto, "ciphertext");
    byte[] iv = hex(field(crypto, "cipherparams"), "iv");
    byte[] mac = hex(crypto, "mac");
    if (iv.length != 16 || ciphertext.length != 32 || mac.length != 32) {
      throw new KeystoreException(
          "the keystore's iv, ciphertext or mac has the wrong length (16, 32 and 32 bytes)");
    }
    String nfkc = Normalizer.normalize(password, Normalizer.Form.NFKC);
    for (String candidate :
        nfkc.equals(password) ? new String[] {password} : new String[] {password, nfkc}) {
      byte[] derived = kdf.derive(candidate.getBytes(StandardCharsets.UTF_8));
      byte[] expected = PersonalMessage.keccak256(Arrays.copyOfRange(derived, 16, 32), ciphertext);
      if (MessageDigest.isEqual(expected, mac)) {
        return aesCtr(Arrays.copyOfRange(derived, 0, 16), iv, ciphertext);
      }
    }
    throw new KeystoreException(
        "the password does not open the keystore (its MAC does not match): a wrong password, or"
            + " a damaged file");
  }

  /** The {@code address} the file declares (lower-case, {@code 0x}-prefixed), if any. */
  public static java.util.Optional<String> declaredAddress(String json) {
    JsonNode address = parse(json).get("address");
    if (address == null || !address.isString() || address.asString().isBlank()) {
      return java.util.Optional.empty();
    }
    String text = address.asString().toLowerCase(Locale.ROOT);
    return java.util.Optional.of(text.startsWith("0x") ? text : "0x" + text);
  }

  private static JsonNode parse(String json) {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || !root.isObject()) {
        throw new KeystoreException("the keystore is not a JSON object");
      }
      return root;
    } catch (JacksonException e) {
      throw new KeystoreException("the keystore is not valid JSON");
    }
  }

  private static JsonNode crypto(JsonNode root) {
    JsonNode version = root.get("version");
    if (version == null || !version.isNumber() || version.asInt() != 3) {
      throw new KeystoreException("the keystore is not version 3 (Web3 Secret Storage)");
    }
    // geth and web3j write "crypto"; older ethers and some wallets write "Crypto".
    JsonNode crypto = root.has("crypto") ? root.get("crypto") : root.get("Crypto");
    if (crypto == null || !crypto.isObject()) {
      throw new KeystoreException("the keystore has no crypto section");
    }
    return crypto;
  }

  static JsonNode field(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new KeystoreException("the keystore has no " + name);
    }
    return value;
  }

  static String text(JsonNode node, String name) {
    JsonNode value = field(node, name);
    if (!value.isString()) {
      throw new KeystoreException("the keystore's " + name + " is not a string");
    }
    return value.asString();
  }

  static byte[] hex(JsonNode node, String name) {
    String text = text(node, name);
    String digits = text.startsWith("0x") ? text.substring(2) : text;
    try {
      return HexFormat.of().parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new KeystoreException("the keystore's " + name + " is not hex");
    }
  }

  private static byte[] aesCtr(byte[] key, byte[] iv, byte[] ciphertext) {
    try {
      Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
      aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      return aes.doFinal(ciphertext);
    } catch (GeneralSecurityException e) {
      throw new KeystoreException("AES-128-CTR is not available: " + e.getMessage(), e);
    }
  }
}
