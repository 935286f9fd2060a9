package social.gm2.lazai.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;

/**
 * Wraps a file's encryption password for a verified-computing node's RSA key exactly as the Node
 * SDK does with node-rsa 1.1.1 {@code new NodeRSA(pem,'pkcs1-public-pem').encrypt(password,'hex')}
 * (lazai-protocol §6), and unwraps it on the node side, accepting either padding as a receiver must
 * (§13.3).
 *
 * <p>The password's UTF-8 bytes are cut the way node-rsa cuts them: when they exceed the scheme's
 * maximum m (modulus bytes − 42 for OAEP-SHA1, − 11 for v1.5), into n = ⌈len/m⌉ slices of ⌈len/n⌉
 * bytes (the last may be shorter), each encrypted to one modulus-sized block; the blocks are
 * concatenated and written as lower-case hex. A 132-byte password thus makes one block under a
 * 3072-bit key and two blocks of 66 bytes each under a 1024-bit key.
 *
 * <p>Unwrapping without a named scheme tries OAEP first, then PKCS#1 v1.5. A v1.5 attempt on bytes
 * that are not v1.5 succeeds by chance with a probability of roughly 2<sup>-16</sup> per block; a
 * result that is not valid UTF-8 is also treated as a failure, which removes most such accidents.
 */
public final class RsaKeyWrap {
  private static final HexFormat HEX = HexFormat.of();

  private RsaKeyWrap() {}

  public static String wrap(String publicKeyPem, String password, RsaScheme scheme) {
    return wrap(RsaKeys.parsePublic(publicKeyPem), password, scheme);
  }

  public static String wrap(RSAPublicKey key, String password, RsaScheme scheme) {
    Objects.requireNonNull(password, "password");
    RsaKeys.requireStrength(key);
    Cipher cipher = scheme.cipher(Cipher.ENCRYPT_MODE, key);
    byte[] message = password.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] slice : slices(message, scheme.maxMessageLength(RsaKeys.modulusBytes(key)))) {
      try {
        out.writeBytes(cipher.doFinal(slice));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("RSA " + scheme.displayName() + " encryption failed", e);
      }
    }
    return HEX.formatHex(out.toByteArray());
  }

  /** Unwraps a password whose padding is not known: OAEP-SHA1 first, then PKCS#1 v1.5. */
  public static String unwrap(String privateKeyPem, String hexCiphertext) {
    return unwrap(RsaKeys.parsePrivate(privateKeyPem), hexCiphertext);
  }

  public static String unwrap(String privateKeyPem, String hexCiphertext, RsaScheme scheme) {
    return unwrap(RsaKeys.parsePrivate(privateKeyPem), hexCiphertext, scheme);
  }

  /** Unwraps a password whose padding is not known: OAEP-SHA1 first, then PKCS#1 v1.5. */
  public static String unwrap(RSAPrivateKey key, String hexCiphertext) {
    List<byte[]> blocks = blocks(key, hexCiphertext);
    for (RsaScheme scheme : RsaScheme.values()) {
      Optional<String> password = decrypt(key, blocks, scheme);
      if (password.isPresent()) {
        return password.get();
      }
    }
    throw new KeyUnwrapException(
        "the wrapped password does not decrypt with this key under "
            + RsaScheme.OAEP_SHA1.displayName()
            + " or "
            + RsaScheme.PKCS1_V15.displayName()
            + " (wrong key or damaged ciphertext)");
  }

  public static String unwrap(RSAPrivateKey key, String hexCiphertext, RsaScheme scheme) {
    return decrypt(key, blocks(key, hexCiphertext), scheme)
        .orElseThrow(
            () ->
                new KeyUnwrapException(
                    "the wrapped password does not decrypt with this key under "
                        + scheme.displayName()
                        + " (wrong key, wrong scheme or damaged ciphertext)"));
  }

  /** node-rsa's {@code RSAKey.encrypt} slicing: n = ⌈len/max⌉ (at least 1) slices of ⌈len/n⌉. */
  static List<byte[]> slices(byte[] message, int maxMessageLength) {
    int count = Math.max(1, ceilDiv(message.length, maxMessageLength));
    int size = ceilDiv(message.length, count);
    List<byte[]> slices = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int from = Math.min(i * size, message.length);
      slices.add(Arrays.copyOfRange(message, from, Math.min(from + size, message.length)));
    }
    return slices;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static List<byte[]> blocks(RSAPrivateKey key, String hexCiphertext) {
    RsaKeys.requireStrength(key);
    int k = RsaKeys.modulusBytes(key);
    byte[] bytes = parseHex(hexCiphertext, k);
    List<byte[]> blocks = new ArrayList<>(bytes.length / k);
    for (int at = 0; at < bytes.length; at += k) {
      blocks.add(Arrays.copyOfRange(bytes, at, at + k));
    }
    return blocks;
  }

  private static byte[] parseHex(String hexCiphertext, int modulusBytes) {
    String digits = Objects.requireNonNull(hexCiphertext, "hexCiphertext").strip();
    if (digits.startsWith("0x") || digits.startsWith("0X")) {
      digits = digits.substring(2);
    }
    if (digits.isEmpty() || digits.length() % (2 * modulusBytes) != 0) {
      throw new KeyUnwrapException(
          "ciphertext is "
              + digits.length()
              + " hex digits, not a multiple of the "
              + modulusBytes
              + "-byte modulus");
    }
    try {
      return HEX.parseHex(digits);
    } catch (IllegalArgumentException e) {
      throw new KeyUnwrapException("ciphertext contains characters that are not hex digits");
    }
  }

  private static Optional<String> decrypt(RSAPrivateKey key, List<byte[]> blocks, RsaScheme s) {
    Cipher cipher = s.cipher(Cipher.DECRYPT_MODE, key);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (byte[] block : blocks) {
        out.writeBytes(cipher.doFinal(block));
      }
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(out.toByteArray()))
              .toString());
    } catch (GeneralSecurityException | CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
