package social.gm2.lazai.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reference vectors copied from shared/vectors into {@code src/test/resources/vectors} (their
 * README is there too), and the {@code sha256-counter} recipe that regenerates their large
 * plaintexts.
 */
public final class VectorFiles {
  private VectorFiles() {}

  public static JsonNode read(String name) {
    try (InputStream in = VectorFiles.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource vectors/" + name);
      }
      return JsonMapper.shared().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
  }

  /** block(i) = SHA-256(seed ‖ uint32_be(i)), concatenated and cut to {@code length} bytes. */
  public static byte[] sha256Counter(String seedHex, int length) {
    byte[] seed = hex(seedHex);
    byte[] out = new byte[length];
    MessageDigest sha = sha256();
    for (int i = 0, at = 0; at < length; i++, at += 32) {
      sha.update(seed);
      sha.update(ByteBuffer.allocate(4).putInt(i).array());
      byte[] block = sha.digest();
      System.arraycopy(block, 0, out, at, Math.min(32, length - at));
    }
    return out;
  }

  /** The plaintext of a case: {@code plaintextHex}, else its {@code plaintext} recipe. */
  public static byte[] plaintext(JsonNode testCase) {
    if (testCase.hasNonNull("plaintextHex")) {
      return hex(testCase.get("plaintextHex").asString());
    }
    JsonNode recipe = testCase.get("plaintext");
    return sha256Counter(recipe.get("seedHex").asString(), recipe.get("length").asInt());
  }

  public static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(sha256().digest(data));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
