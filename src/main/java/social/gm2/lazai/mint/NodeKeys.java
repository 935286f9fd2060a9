package social.gm2.lazai.mint;

import java.security.interfaces.RSAPublicKey;
import social.gm2.lazai.crypto.RsaKeys;

/**
 * The node's RSA key, as the service accepts it for wrapping a file's password: at least {@value
 * #MIN_BITS} bits (a weaker key would let whoever factors it open the file). The crypto library
 * itself still reads 1024-bit keys, which the reference vectors use.
 */
public final class NodeKeys {
  static final int MIN_BITS = 2048;

  private NodeKeys() {}

  /**
   * The node's public key.
   *
   * @throws MintStepException (permanent) naming the node when the key is under {@value #MIN_BITS}
   *     bits
   */
  public static RSAPublicKey require(String node, String publicKeyPem) {
    RSAPublicKey key = RsaKeys.parsePublic(publicKeyPem);
    int bits = key.getModulus().bitLength();
    if (bits < MIN_BITS) {
      throw new MintStepException(
          "node "
              + node
              + " publishes a "
              + bits
              + "-bit RSA key; the service wraps passwords only for keys of at least "
              + MIN_BITS
              + " bits (the node's operator must register a stronger key)",
          false,
          null);
    }
    return key;
  }
}
