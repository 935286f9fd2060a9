package social.gm2.lazai.devnet;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.crypto.RsaKeys;

/**
 * The RSA key pair file passwords are wrapped for. A devnet node needs no stable key, so without a
 * configured one a fresh key is made per start (registration then publishes it); either way only
 * the public key's fingerprint is logged, so an operator can match it with what the chain holds.
 */
final class NodeRsaKey {
  private static final Logger log = LoggerFactory.getLogger(NodeRsaKey.class);

  private NodeRsaKey() {}

  /** The key in {@code pem} (PKCS#1 or PKCS#8), or a fresh 2048-bit one when it is null. */
  static KeyPair load(Secret pem) {
    try {
      KeyPair pair;
      if (pem == null) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        pair = generator.generateKeyPair();
      } else {
        // RsaKeys builds private keys from their CRT parameters, which hold the public exponent.
        var key = (RSAPrivateCrtKey) RsaKeys.parsePrivate(pem.reveal());
        var spec = new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent());
        pair = new KeyPair(KeyFactory.getInstance("RSA").generatePublic(spec), key);
      }
      byte[] fingerprint =
          MessageDigest.getInstance("SHA-256").digest(pair.getPublic().getEncoded());
      log.info(
          "{} RSA key, public key (SPKI) SHA-256 fingerprint {}",
          pem == null ? "generated a fresh 2048-bit" : "configured",
          HexFormat.ofDelimiter(":").formatHex(fingerprint));
      return pair;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make RSA keys", e);
    }
  }
}
