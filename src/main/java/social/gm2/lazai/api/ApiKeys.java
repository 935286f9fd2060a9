package social.gm2.lazai.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import social.gm2.lazai.config.Secret;

/**
 * The configured API keys, kept as SHA-256 digests. A presented key is hashed and compared with
 * every digest in constant time ({@link MessageDigest#isEqual}), so neither the answer time nor an
 * early exit tells an attacker how much of a key was right, or which key.
 */
public final class ApiKeys {
  private final List<byte[]> digests;

  public ApiKeys(List<Secret> keys) {
    this.digests = keys.stream().map(k -> sha256(k.reveal().strip())).toList();
  }

  public boolean configured() {
    return !digests.isEmpty();
  }

  /** Whether {@code presented} is one of the keys; false for null or blank. */
  public boolean matches(String presented) {
    if (presented == null || presented.isBlank()) {
      return false;
    }
    byte[] digest = sha256(presented.strip());
    boolean match = false;
    for (byte[] key : digests) {
      match |= MessageDigest.isEqual(key, digest);
    }
    return match;
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "ApiKeys[" + digests.size() + " configured]";
  }
}
