package social.gm2.lazai.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import social.gm2.lazai.support.VectorFiles;
import tools.jackson.databind.JsonNode;

class PasswordCipherTest {
  private static final String PASSWORD =
      "0x88f7a06e8b25ece1745add993ac65dcaf224d41631262bb6beaee26f89e6cb0b52a87309efb43c116acd631def2f94b1fa81654bfe040bc7708a458323f868331c";
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

  private final PasswordCipher cipher =
      new PasswordCipher(Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());

  static Stream<JsonNode> openpgpVectors() {
    return VectorFiles.read("openpgp-ciphertexts.json").get("cases").valueStream();
  }

  static Stream<JsonNode> alithVectors() {
    return openpgpVectors().filter(c -> c.get("id").asString().startsWith("alith-bin"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("openpgpVectors")
  void decryptsEveryReferenceCiphertext(JsonNode vector) {
    byte[] message = VectorFiles.hex(vector.get("ciphertextHex").asString());

    byte[] plaintext = cipher.decrypt(message, vector.get("password").asString());

    assertThat(plaintext).hasSize(vector.get("plaintextLength").asInt());
    assertThat(VectorFiles.sha256Hex(plaintext))
        .isEqualTo(vector.get("plaintextSha256").asString());
  }

  /** Same packets, lengths and algorithms as alith writes, for every size alith's vectors cover. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("alithVectors")
  void writesTheLayoutAlithWrites(JsonNode vector) {
    byte[] plaintext = VectorFiles.plaintext(vector);
    byte[] alith = VectorFiles.hex(vector.get("ciphertextHex").asString());

    byte[] ours = cipher.encrypt(plaintext, PASSWORD);

    assertThat(ours).hasSize(alith.length);
    // SKESK: tag 3 new format, 46 bytes, v4, AES-256, S2K iterated+salted SHA-256, count 0xE0.
    assertThat(Arrays.copyOfRange(ours, 0, 6)).containsExactly(0xC3, 0x2E, 4, 9, 3, 8);
    assertThat(ours[14] & 0xff).isEqualTo(0xE0);
    // SEIPD v1 header with the same length encoding as alith's.
    int seipdHeader = alith.length - 48 - seipdBodyLength(plaintext.length);
    assertThat(Arrays.copyOfRange(ours, 48, 48 + seipdHeader + 1))
        .isEqualTo(Arrays.copyOfRange(alith, 48, 48 + seipdHeader + 1));
    assertThat(cipher.decrypt(ours, PASSWORD)).isEqualTo(plaintext);
  }

  private static int seipdBodyLength(int n) {
    return 1 + 18 + (int) PasswordCipher.literalPacketLength(n) + 22;
  }

  @Test
  void streamsLargePayloadsBothWays() throws Exception {
    int length = 5 * 1024 * 1024 + 7;
    ByteArrayOutputStream message = new ByteArrayOutputStream();

    cipher.encrypt(new PatternStream(length), length, message, PASSWORD);
    PatternStream.Sha256Sink plaintext = new PatternStream.Sha256Sink();
    cipher.decrypt(new java.io.ByteArrayInputStream(message.toByteArray()), plaintext, PASSWORD);

    assertThat(plaintext.count).isEqualTo(length);
    assertThat(plaintext.digest()).isEqualTo(PatternStream.sha256(length));
  }

  @Test
  void aWrongPasswordIsNamedAsSuchWithoutRevealingEither() {
    byte[] message = cipher.encrypt("secret data".getBytes(), PASSWORD);
    String wrong = PASSWORD.replace('8', '9');

    assertThatThrownBy(() -> cipher.decrypt(message, wrong))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessage("the password does not open this message");
  }

  @Test
  void aTruncatedMessageIsMalformed() {
    byte[] message = cipher.encrypt(new byte[1000], PASSWORD);

    assertThatThrownBy(() -> cipher.decrypt(Arrays.copyOf(message, 600), PASSWORD))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> cipher.decrypt(Arrays.copyOf(message, 30), PASSWORD))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void anAlteredMessageFailsItsIntegrityCheck() {
    byte[] plaintext = new byte[1000];
    for (int at : new int[] {100, 500, 1040}) {
      byte[] message = cipher.encrypt(plaintext, PASSWORD);
      message[at] ^= 0x01;

      assertThatThrownBy(() -> cipher.decrypt(message, PASSWORD))
          .as("byte %d flipped", at)
          .isInstanceOf(IntegrityException.class)
          .message()
          .doesNotContain(PASSWORD);
    }
  }

  @Test
  void aMessageWithoutIntegrityProtectionIsRefused() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PGPEncryptedDataGenerator generator =
        new PGPEncryptedDataGenerator(
            new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setWithIntegrityPacket(false)
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()));
    generator.addMethod(new JcePBEKeyEncryptionMethodGenerator(PASSWORD.toCharArray()));
    try (OutputStream sealed = generator.open(out, new byte[4096]);
        OutputStream literal =
            new PGPLiteralDataGenerator()
                .open(sealed, PGPLiteralData.BINARY, "", 3, new java.util.Date())) {
      literal.write(new byte[] {1, 2, 3});
    }

    assertThatThrownBy(() -> cipher.decrypt(out.toByteArray(), PASSWORD))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("no integrity protection");
  }

  @Test
  void somethingElseIsNotAMessage() {
    assertThatThrownBy(() -> cipher.decrypt("hello, world".getBytes(), PASSWORD))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> cipher.decrypt(new byte[0], PASSWORD))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Test
  void theLiteralPacketCarriesTheClockTimeAndNoFileName() throws Exception {
    byte[] message = cipher.encrypt(new byte[] {42}, PASSWORD);
    var objects =
        new org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory(
            new java.io.ByteArrayInputStream(message));
    var list = (org.bouncycastle.openpgp.PGPEncryptedDataList) objects.nextObject();
    var pbe = (org.bouncycastle.openpgp.PGPPBEEncryptedData) list.get(0);
    InputStream clear =
        pbe.getDataStream(
            new org.bouncycastle.openpgp.operator.jcajce.JcePBEDataDecryptorFactoryBuilder(
                    new org.bouncycastle.openpgp.operator.jcajce
                            .JcaPGPDigestCalculatorProviderBuilder()
                        .build())
                .build(PASSWORD.toCharArray()));
    var literal =
        (PGPLiteralData)
            new org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory(clear).nextObject();

    assertThat(literal.getFileName()).isEmpty();
    assertThat(literal.getFormat()).isEqualTo(PGPLiteralData.BINARY);
    assertThat(literal.getModificationTime().toInstant()).isEqualTo(NOW);
  }
}
