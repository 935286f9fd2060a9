package social.gm2.lazai.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import social.gm2.lazai.support.NodePeer;

/**
 * Passwords wrapped by the real node-rsa 1.1.1 (as the Node SDK calls it) unwrap in Java, and
 * Java-wrapped ones unwrap with node-rsa, for a 1024-bit key (two blocks) and a 3072-bit key (one
 * block), under both paddings. The keys are fresh for every run.
 */
class RsaInteropIT {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir static Path dir;

  private static Keys keys1024;
  private static Keys keys3072;

  /** A fresh key pair with its PEM files: PKCS#1 public, private as PKCS#1 or PKCS#8. */
  record Keys(int bits, RSAPublicKey publicKey, RSAPrivateKey privateKey, Path pub, Path priv) {
    int modulusBytes() {
      return bits / 8;
    }
  }

  @BeforeAll
  static void generateKeys() throws Exception {
    keys1024 = generate(1024, true);
    keys3072 = generate(3072, false);
  }

  static Stream<Arguments> cases() {
    return Stream.of(1024, 3072)
        .flatMap(
            bits ->
                Stream.of(
                    Arguments.of(bits, RsaScheme.OAEP_SHA1, "oaep"),
                    Arguments.of(bits, RsaScheme.PKCS1_V15, "pkcs1")));
  }

  @ParameterizedTest(name = "{0} bits, {1}")
  @MethodSource("cases")
  void nodeRsaWrappedPasswordsUnwrapInJava(int bits, RsaScheme scheme, String nodeScheme)
      throws Exception {
    Keys keys = keys(bits);
    String password = randomPassword();

    String hex = node("wrap", keys.pub(), nodeScheme, password);

    assertThat(hex).hasSize(blocks(bits) * 2 * keys.modulusBytes()).matches("[0-9a-f]+");
    assertThat(RsaKeyWrap.unwrap(keys.privateKey(), hex)).isEqualTo(password);
    assertThat(RsaKeyWrap.unwrap(keys.privateKey(), hex, scheme)).isEqualTo(password);
  }

  @ParameterizedTest(name = "{0} bits, {1}")
  @MethodSource("cases")
  void javaWrappedPasswordsUnwrapWithNodeRsa(int bits, RsaScheme scheme, String nodeScheme)
      throws Exception {
    Keys keys = keys(bits);
    String password = randomPassword();

    String hex = RsaKeyWrap.wrap(Files.readString(keys.pub()), password, scheme);

    assertThat(hex).hasSize(blocks(bits) * 2 * keys.modulusBytes());
    assertThat(node("unwrap", keys.priv(), nodeScheme, hex)).isEqualTo(password);
  }

  @Test
  void nonAsciiPasswordsAreTheSameUtf8BytesOnBothSides() throws Exception {
    String password = "pässwörd-ñ-密码-🔑";

    String fromNode = node("wrap", keys1024.pub(), "oaep", password);
    String fromJava = RsaKeyWrap.wrap(keys1024.publicKey(), password, RsaScheme.OAEP_SHA1);

    assertThat(RsaKeyWrap.unwrap(keys1024.privateKey(), fromNode)).isEqualTo(password);
    assertThat(node("unwrap", keys1024.priv(), "oaep", fromJava)).isEqualTo(password);
  }

  /** A 132-byte password is one block under 3072 bits, two 66-byte slices under 1024. */
  private static int blocks(int bits) {
    return bits == 1024 ? 2 : 1;
  }

  private static Keys keys(int bits) {
    return bits == 1024 ? keys1024 : keys3072;
  }

  private static String node(String command, Path pem, String scheme, String stdin)
      throws Exception {
    return NodePeer.run("rsa.js", Map.of(), stdin, command, pem.toString(), scheme)
        .orThrow()
        .stdout();
  }

  private static String randomPassword() {
    byte[] signature = new byte[65];
    RANDOM.nextBytes(signature);
    return "0x" + HexFormat.of().formatHex(signature);
  }

  private static Keys generate(int bits, boolean pkcs1Private) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits, RANDOM);
    KeyPair pair = generator.generateKeyPair();
    RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
    Path pub = Files.writeString(dir.resolve(bits + "-public.pem"), RsaKeys.toPkcs1Pem(publicKey));
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    String privatePem =
        pkcs1Private
            ? pem(
                "RSA PRIVATE KEY",
                PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded())
            : pem("PRIVATE KEY", pkcs8);
    Path priv = Files.writeString(dir.resolve(bits + "-private.pem"), privatePem);
    return new Keys(bits, publicKey, (RSAPrivateKey) pair.getPrivate(), pub, priv);
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
