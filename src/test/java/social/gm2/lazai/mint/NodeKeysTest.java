package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.crypto.RsaKeys;

/** Passwords are wrapped only for node keys of at least 2048 bits. */
class NodeKeysTest {

  private static String pem(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return RsaKeys.toPkcs1Pem((RSAPublicKey) generator.generateKeyPair().getPublic());
  }

  @Test
  void aKeyUnder2048BitsIsAPermanentFailureNamingTheNode() throws Exception {
    String node = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    assertThatThrownBy(() -> NodeKeys.require(node, pem(1024)))
        .isInstanceOf(MintStepException.class)
        .hasMessageContaining("node " + node + " publishes a 1024-bit RSA key")
        .hasMessageContaining("at least 2048 bits")
        .satisfies(e -> assertThat(((MintStepException) e).retryable()).isFalse());
  }

  @Test
  void keysOf2048BitsAndMoreAreTaken() throws Exception {
    assertThat(NodeKeys.require("n", pem(2048)).getModulus().bitLength()).isEqualTo(2048);
    assertThat(NodeKeys.require("n", pem(3072)).getModulus().bitLength()).isEqualTo(3072);
  }
}
