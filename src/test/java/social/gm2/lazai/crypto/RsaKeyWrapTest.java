package social.gm2.lazai.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import social.gm2.lazai.support.VectorFiles;
import tools.jackson.databind.JsonNode;

/**
 * The reference ciphertexts of node-rsa (OAEP), Node crypto and python-rsa (v1.5) unwrap, our
 * output has node-rsa's shape, and every kind of bad key or ciphertext fails with a typed error
 * that leaks nothing.
 */
class RsaKeyWrapTest {
  private static final JsonNode OAEP = VectorFiles.read("rsa-oaep-sha1.json");
  private static final JsonNode PKCS1 = VectorFiles.read("rsa-pkcs1v15.json");
  private static final JsonNode KEY_3072 = OAEP.get("key3072");
  private static final JsonNode KEY_1024 = OAEP.get("key1024");
  private static final String PASSWORD = OAEP.get("cases3072").get(0).get("plaintext").asString();

  /** A reference ciphertext with the key that opens it and the padding it was made with. */
  record Vector(String name, JsonNode key, RsaScheme scheme, String plaintext, String hex) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Vector> vectors() {
    Stream<Vector> oaep3072 =
        cases(OAEP.get("cases3072"), "oaep-3072", KEY_3072, RsaScheme.OAEP_SHA1);
    Stream<Vector> oaep1024 =
        cases(OAEP.get("cases1024MultiBlock"), "oaep-1024", KEY_1024, RsaScheme.OAEP_SHA1);
    Stream<Vector> pkcs1 =
        cases(PKCS1.get("cases"), "pkcs1v15-3072", PKCS1.get("key3072"), RsaScheme.PKCS1_V15);
    return Stream.of(oaep3072, oaep1024, pkcs1).flatMap(s -> s);
  }

  private static Stream<Vector> cases(JsonNode cases, String name, JsonNode key, RsaScheme s) {
    List<JsonNode> list = cases.valueStream().toList();
    return IntStream.range(0, list.size())
        .mapToObj(
            i ->
                new Vector(
                    name + "-" + i + " " + list.get(i).path("producer").asString(""),
                    key,
                    s,
                    list.get(i).get("plaintext").asString(),
                    list.get(i).get("ciphertextHex").asString()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void everyReferenceCiphertextUnwraps(Vector v) {
    String pkcs1 = v.key().get("privateKeyPkcs1Pem").asString();
    String pkcs8 = v.key().get("privateKeyPkcs8Pem").asString();
    String upper = v.hex().toUpperCase(Locale.ROOT);

    assertThat(RsaKeyWrap.unwrap(pkcs1, v.hex())).isEqualTo(v.plaintext());
    assertThat(RsaKeyWrap.unwrap(pkcs1, v.hex(), v.scheme())).isEqualTo(v.plaintext());
    assertThat(RsaKeyWrap.unwrap(pkcs8, "0x" + v.hex())).isEqualTo(v.plaintext());
    assertThat(RsaKeyWrap.unwrap(pkcs8, upper, v.scheme())).isEqualTo(v.plaintext());
    assertThat(RsaKeyWrap.unwrap(pkcs1, "0X" + upper)).isEqualTo(v.plaintext());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void theOtherSchemeRefusesIt(Vector v) {
    RsaScheme other = v.scheme() == RsaScheme.OAEP_SHA1 ? RsaScheme.PKCS1_V15 : RsaScheme.OAEP_SHA1;
    String pem = v.key().get("privateKeyPkcs1Pem").asString();

    assertThatThrownBy(() -> RsaKeyWrap.unwrap(pem, v.hex(), other))
        .isInstanceOf(KeyUnwrapException.class)
        .hasMessageContaining(other.displayName());
  }

  /** The 1024-bit vectors pin node-rsa's slicing: 132 bytes → two blocks of 66, not 86 + 46. */
  @Test
  void referenceBlocksCarryNodeRsaSlices() throws Exception {
    RSAPrivateKey key = RsaKeys.parsePrivate(KEY_1024.get("privateKeyPkcs1Pem").asString());
    for (JsonNode c : OAEP.get("cases1024MultiBlock")) {
      List<Integer> expected =
          c.get("blockPlaintextLengths").valueStream().map(JsonNode::asInt).toList();

      assertThat(blockLengths(key, c.get("ciphertextHex").asString(), RsaScheme.OAEP_SHA1))
          .isEqualTo(expected)
          .containsExactly(66, 66);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "132, 86, 66;66",
    "132, 117, 66;66",
    "132, 342, 132",
    "86, 86, 86",
    "87, 86, 44;43",
    "172, 86, 86;86",
    "173, 86, 58;58;57",
    "0, 86, 0"
  })
  void slicesLikeNodeRsa(int length, int max, String expected) {
    List<Integer> sizes =
        RsaKeyWrap.slices(new byte[length], max).stream().map(s -> s.length).toList();

    assertThat(sizes).isEqualTo(Arrays.stream(expected.split(";")).map(Integer::valueOf).toList());
  }

  @ParameterizedTest
  @EnumSource(RsaScheme.class)
  void ourWrapOpensWithTheReferenceKey3072(RsaScheme scheme) {
    String hex = RsaKeyWrap.wrap(KEY_3072.get("publicKeyPkcs1Pem").asString(), PASSWORD, scheme);

    assertThat(hex).hasSize(768).matches("[0-9a-f]+");
    assertThat(RsaKeyWrap.unwrap(KEY_3072.get("privateKeyPkcs1Pem").asString(), hex))
        .isEqualTo(PASSWORD);
    assertThat(RsaKeyWrap.unwrap(KEY_3072.get("privateKeyPkcs8Pem").asString(), hex, scheme))
        .isEqualTo(PASSWORD);
  }

  @ParameterizedTest
  @EnumSource(RsaScheme.class)
  void ourWrapSplitsLikeNodeRsaUnder1024Bits(RsaScheme scheme) throws Exception {
    String hex = RsaKeyWrap.wrap(KEY_1024.get("publicKeySpkiPem").asString(), PASSWORD, scheme);
    RSAPrivateKey key = RsaKeys.parsePrivate(KEY_1024.get("privateKeyPkcs8Pem").asString());

    assertThat(hex).hasSize(2 * 2 * 128).matches("[0-9a-f]+");
    assertThat(blockLengths(key, hex, scheme)).containsExactly(66, 66);
    assertThat(RsaKeyWrap.unwrap(key, hex)).isEqualTo(PASSWORD);
  }

  @Test
  void nonAsciiPasswordsTravelAsUtf8() {
    String password = "pässwörd-密码-🔑";
    String hex =
        RsaKeyWrap.wrap(
            KEY_1024.get("publicKeyPkcs1Pem").asString(), password, RsaScheme.OAEP_SHA1);

    assertThat(RsaKeyWrap.unwrap(KEY_1024.get("privateKeyPkcs1Pem").asString(), hex))
        .isEqualTo(password);
  }

  @Test
  void publicPemFormsAndManglingsGiveTheSameKey() {
    String pkcs1 = KEY_3072.get("publicKeyPkcs1Pem").asString();
    RSAPublicKey expected = RsaKeys.parsePublic(pkcs1);

    for (String pem :
        List.of(
            KEY_3072.get("publicKeySpkiPem").asString(),
            pkcs1.replace("\n", "\r\n"),
            pkcs1.replace("\n", "\\n"),
            "  \n\t" + pkcs1.replace("\n", "\n    ") + "\n\n ",
            KEY_3072.get("publicKeySpkiPem").asString().replace("\n", "\\r\\n"))) {
      assertThat(RsaKeys.parsePublic(pem)).isEqualTo(expected);
    }
    assertThat(expected.getModulus().toString(16))
        .isEqualTo(KEY_3072.get("modulusHex").asString().replaceFirst("^0x", ""));
  }

  @Test
  void privatePemFormsGiveTheSameKey() {
    RSAPrivateKey pkcs1 = RsaKeys.parsePrivate(KEY_1024.get("privateKeyPkcs1Pem").asString());
    RSAPrivateKey pkcs8 = RsaKeys.parsePrivate(KEY_1024.get("privateKeyPkcs8Pem").asString());
    RSAPrivateKey escaped =
        RsaKeys.parsePrivate(KEY_1024.get("privateKeyPkcs1Pem").asString().replace("\n", "\\n"));

    assertThat(pkcs8).isEqualTo(pkcs1).isEqualTo(escaped);
  }

  @Test
  void writesThePkcs1PemNodeWrites() {
    RSAPublicKey key = RsaKeys.parsePublic(KEY_3072.get("publicKeySpkiPem").asString());

    assertThat(RsaKeys.toPkcs1Pem(key)).isEqualTo(KEY_3072.get("publicKeyPkcs1Pem").asString());
  }

  @Test
  void schemesParseFromConfiguration() {
    assertThat(RsaScheme.fromConfig("oaep-sha1")).isEqualTo(RsaScheme.OAEP_SHA1);
    assertThat(RsaScheme.fromConfig(" PKCS1v15 ")).isEqualTo(RsaScheme.PKCS1_V15);
    assertThat(RsaScheme.OAEP_SHA1.configName()).isEqualTo("oaep-sha1");
    assertThatThrownBy(() -> RsaScheme.fromConfig("oaep"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown RSA scheme \"oaep\"; allowed: oaep-sha1, pkcs1v15");
    assertThatThrownBy(() -> RsaScheme.fromConfig(null))
        .hasMessageContaining("allowed: oaep-sha1, pkcs1v15");
  }

  @Test
  void rejectsWhatIsNotAPublicRsaKeyPem() throws Exception {
    String privatePem = KEY_3072.get("privateKeyPkcs1Pem").asString();
    String certificate = "-----BEGIN CERTIFICATE-----\nMIIBCg==\n-----END CERTIFICATE-----\n";

    assertPublicRefused("garbage", "expected BEGIN RSA PUBLIC KEY or BEGIN PUBLIC KEY");
    assertPublicRefused("", "found no BEGIN line");
    assertPublicRefused(
        certificate,
        "not a PEM RSA public key: expected BEGIN RSA PUBLIC KEY or BEGIN PUBLIC KEY,"
            + " found BEGIN CERTIFICATE");
    assertPublicRefused(privatePem, "found BEGIN RSA PRIVATE KEY");
    assertPublicRefused(pem("RSA PUBLIC KEY", "MIIB*Cg=="), "damaged");
    assertPublicRefused(pem("RSA PUBLIC KEY", "MIIBCgKCAQEA"), "does not hold a valid RSA");
    assertPublicRefused(
        KEY_3072.get("publicKeyPkcs1Pem").asString().replace("-----END", "-----NOT-END"),
        "damaged");
    assertPublicRefused(
        pem("PUBLIC KEY", ecPublicKey()), "not an RSA encryption key: algorithm 1.2.840.10045.2.1");
  }

  @Test
  void rejectsWhatIsNotAPrivateRsaKeyPem() {
    String encrypted =
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
            + "MIIBCg==\n-----END RSA PRIVATE KEY-----\n";

    assertPrivateRefused(
        KEY_3072.get("publicKeyPkcs1Pem").asString(),
        "not a PEM RSA private key: expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY,"
            + " found BEGIN RSA PUBLIC KEY");
    assertPrivateRefused(encrypted, "encrypted PEM keys are not supported");
    assertPrivateRefused(pem("PRIVATE KEY", "MIIBCgKCAQEA"), "does not hold a valid RSA");
  }

  @Test
  void refusesKeysUnder1024Bits() throws Exception {
    KeyPair weak = generate(512);
    String publicPem = RsaKeys.toPkcs1Pem((RSAPublicKey) weak.getPublic());
    String spki = pem("PUBLIC KEY", weak.getPublic().getEncoded());
    String pkcs8 = pem("PRIVATE KEY", weak.getPrivate().getEncoded());

    for (String key : List.of(publicPem, spki)) {
      assertThatThrownBy(() -> RsaKeyWrap.wrap(key, PASSWORD, RsaScheme.OAEP_SHA1))
          .isInstanceOf(KeyFormatException.class)
          .hasMessage("key is 512 bits; at least 1024 are required");
    }
    assertThatThrownBy(
            () -> RsaKeyWrap.wrap((RSAPublicKey) weak.getPublic(), PASSWORD, RsaScheme.PKCS1_V15))
        .isInstanceOf(KeyFormatException.class);
    assertThatThrownBy(() -> RsaKeyWrap.unwrap(pkcs8, "00".repeat(64)))
        .isInstanceOf(KeyFormatException.class)
        .hasMessage("key is 512 bits; at least 1024 are required");
  }

  @Test
  void rejectsCiphertextsThatDoNotFitTheKey() {
    String key3072 = KEY_3072.get("privateKeyPkcs1Pem").asString();
    String key1024 = KEY_1024.get("privateKeyPkcs1Pem").asString();

    assertUnwrapRefused(
        key3072,
        "ab".repeat(150),
        "ciphertext is 300 hex digits, not a multiple of the 384-byte modulus");
    assertUnwrapRefused(
        key1024, "abc", "ciphertext is 3 hex digits, not a multiple of the 128-byte modulus");
    assertUnwrapRefused(key1024, "0x", "ciphertext is 0 hex digits");
    assertUnwrapRefused(key1024, "zz".repeat(128), "not hex digits");
  }

  @Test
  void aWrongKeyOrDamagedCiphertextIsATypedFailure() throws Exception {
    JsonNode c = OAEP.get("cases1024MultiBlock").get(0);
    String hex = c.get("ciphertextHex").asString();
    String stranger = pem("PRIVATE KEY", generate(1024).getPrivate().getEncoded());
    char flipped = hex.charAt(300) == '0' ? '1' : '0';
    String damaged = hex.substring(0, 300) + flipped + hex.substring(301);
    String key = KEY_1024.get("privateKeyPkcs1Pem").asString();

    for (String[] attempt : List.of(new String[] {stranger, hex}, new String[] {key, damaged})) {
      assertThatThrownBy(() -> RsaKeyWrap.unwrap(attempt[0], attempt[1]))
          .isInstanceOf(KeyUnwrapException.class)
          .hasMessage(
              "the wrapped password does not decrypt with this key under OAEP-SHA1 or PKCS#1 v1.5"
                  + " (wrong key or damaged ciphertext)")
          .satisfies(e -> assertNoSecrets(e, c.get("plaintext").asString()));
    }
  }

  private static void assertPublicRefused(String pem, String message) {
    assertRefused(
        assertThatThrownBy(() -> RsaKeys.parsePublic(pem)), KeyFormatException.class, message);
    assertRefused(
        assertThatThrownBy(() -> RsaKeyWrap.wrap(pem, PASSWORD, RsaScheme.OAEP_SHA1)),
        KeyFormatException.class,
        message);
  }

  private static void assertPrivateRefused(String pem, String message) {
    assertRefused(
        assertThatThrownBy(() -> RsaKeyWrap.unwrap(pem, "00")), KeyFormatException.class, message);
  }

  private static void assertUnwrapRefused(String pem, String hex, String message) {
    assertRefused(
        assertThatThrownBy(() -> RsaKeyWrap.unwrap(pem, hex)), KeyUnwrapException.class, message);
  }

  private static void assertRefused(
      AbstractThrowableAssert<?, ? extends Throwable> thrown, Class<?> type, String message) {
    thrown
        .isInstanceOf(type)
        .isInstanceOf(CryptoException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertNoSecrets(e, PASSWORD));
  }

  private static void assertNoSecrets(Throwable e, String password) {
    String key = KEY_3072.get("privateKeyPkcs1Pem").asString();
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .doesNotContain(password)
          .doesNotContain(password.substring(2, 34))
          .doesNotContain(key.substring(40, 72));
    }
  }

  private static List<Integer> blockLengths(RSAPrivateKey key, String hex, RsaScheme scheme)
      throws Exception {
    byte[] bytes = VectorFiles.hex(hex);
    int k = (key.getModulus().bitLength() + 7) / 8;
    Cipher cipher = scheme.cipher(Cipher.DECRYPT_MODE, key);
    List<Integer> lengths = new ArrayList<>();
    for (int at = 0; at < bytes.length; at += k) {
      lengths.add(cipher.doFinal(Arrays.copyOfRange(bytes, at, at + k)).length);
    }
    return lengths;
  }

  private static KeyPair generate(int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  private static byte[] ecPublicKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    return generator.generateKeyPair().getPublic().getEncoded();
  }

  private static String pem(String type, byte[] der) {
    return pem(type, Base64.getMimeEncoder().encodeToString(der));
  }

  private static String pem(String type, String base64) {
    return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
  }
}
