package social.gm2.lazai.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.gm2.lazai.support.NodePeer;

/**
 * Java's messages open with the real alith {@code decrypt} (openpgp.js) and with GnuPG, and alith's
 * messages open in Java, from empty to 10 MB.
 */
class PasswordCipherInteropIT {
  private static final String PASSWORD =
      "0x88f7a06e8b25ece1745add993ac65dcaf224d41631262bb6beaee26f89e6cb0b52a87309efb43c116acd631def2f94b1fa81654bfe040bc7708a458323f868331c";
  private static final String UNICODE_PASSWORD = "pässwörd-ñ-密码-🔑";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PasswordCipher cipher = new PasswordCipher(Clock.systemUTC(), RANDOM);

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 142, 143, 8333, 8334, 8384, 100_000, 1 << 20, 10 << 20})
  void alithDecryptsJavaMessages(int size) throws Exception {
    byte[] plaintext = random(size);
    Files.write(dir.resolve("message.pgp"), cipher.encrypt(plaintext, PASSWORD));

    alith("decrypt", "message.pgp", "plaintext.bin", PASSWORD);

    assertThat(Files.readAllBytes(dir.resolve("plaintext.bin"))).isEqualTo(plaintext);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 143, 8384, 1 << 20, 10 << 20})
  void javaDecryptsAlithMessages(int size) throws Exception {
    byte[] plaintext = random(size);
    Files.write(dir.resolve("plaintext.bin"), plaintext);

    alith("encrypt", "plaintext.bin", "message.pgp", PASSWORD);

    assertThat(cipher.decrypt(Files.readAllBytes(dir.resolve("message.pgp")), PASSWORD))
        .isEqualTo(plaintext);
  }

  @Test
  void aNonAsciiPasswordMeansTheSameBytesOnBothSides() throws Exception {
    byte[] plaintext = "Your Privacy Data".getBytes(StandardCharsets.UTF_8);
    Files.write(dir.resolve("java.pgp"), cipher.encrypt(plaintext, UNICODE_PASSWORD));
    Files.write(dir.resolve("plaintext.bin"), plaintext);

    alith("decrypt", "java.pgp", "from-java.bin", UNICODE_PASSWORD);
    alith("encrypt", "plaintext.bin", "alith.pgp", UNICODE_PASSWORD);

    assertThat(Files.readAllBytes(dir.resolve("from-java.bin"))).isEqualTo(plaintext);
    assertThat(cipher.decrypt(Files.readAllBytes(dir.resolve("alith.pgp")), UNICODE_PASSWORD))
        .isEqualTo(plaintext);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 29, 100_000, 1 << 20})
  void gnupgDecryptsJavaMessages(int size) throws Exception {
    byte[] plaintext = random(size);
    Path message = dir.resolve("message.pgp");
    Path out = dir.resolve("gpg.out");
    Files.write(message, cipher.encrypt(plaintext, PASSWORD));
    Path home = Files.createDirectories(dir.resolve("gnupg"));
    Process gpg =
        new ProcessBuilder(
                List.of(
                    "gpg",
                    "--homedir",
                    home.toString(),
                    "--batch",
                    "--yes",
                    "--quiet",
                    "--pinentry-mode",
                    "loopback",
                    "--passphrase-fd",
                    "0",
                    "--output",
                    out.toString(),
                    "--decrypt",
                    message.toString()))
            .redirectErrorStream(true)
            .start();
    try (var stdin = gpg.getOutputStream()) {
      stdin.write(PASSWORD.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(gpg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(gpg.waitFor(2, TimeUnit.MINUTES)).isTrue();

    assertThat(gpg.exitValue()).as(output).isZero();
    assertThat(Files.readAllBytes(out)).isEqualTo(plaintext);
  }

  private void alith(String command, String in, String out, String password) throws Exception {
    NodePeer.run(
            "openpgp.js",
            Map.of("LAZAI_PASSWORD", password),
            "",
            command,
            dir.resolve(in).toString(),
            dir.resolve(out).toString())
        .orThrow();
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
