package social.gm2.lazai.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.signer.factory.SignerFactory;
import social.gm2.lazai.signer.keystore.Keystore;

/**
 * The keystore signer on V3 keystores written as geth writes them (web3j's writer: scrypt with
 * geth's "light" and "standard" parameters), and every refusal at startup: it names the setting and
 * never the password or the key. Node-written keystores (ethers, web3.js, both KDFs) are {@code
 * KeystoreInteropIT}'s.
 */
class KeystoreSignerTest {
  static final String KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
  static final String ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir Path dir;

  @Test
  void aGethLightKeystoreOpensWithItsPasswordFile() throws Exception {
    Path keystore = web3jKeystore(PASSWORD, false);
    Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");

    Signer signer = open(new SignerProperties.Keystore(keystore, passwordFile, null), Map.of());

    assertThat(signer.address()).isEqualTo(ADDRESS);
    assertThat(signer.derivePassword("Sign to retrieve your encryption key"))
        .isEqualTo(PlainKeyPasswords.passwordOf(KEY, "Sign to retrieve your encryption key"));
    assertThat(signer.toString()).contains(ADDRESS).doesNotContain(KEY.substring(2));
  }

  @Test
  void aGethStandardKeystoreOpensWithItsPasswordVariable() throws Exception {
    Path keystore = web3jKeystore(PASSWORD, true);
    assertThat(Files.readString(keystore)).contains("\"n\":262144");

    Signer signer =
        open(
            new SignerProperties.Keystore(keystore, null, "WALLET_PASSWORD"),
            Map.of("WALLET_PASSWORD", PASSWORD));

    assertThat(signer.address()).isEqualTo(ADDRESS);
  }

  @Test
  void aWrongPasswordIsRefusedNamingTheSettingAndNotThePassword() throws Exception {
    Path keystore = web3jKeystore(PASSWORD, false);
    Path passwordFile = Files.writeString(dir.resolve("password"), "tr0ub4dor&3");

    assertRefused(
        new SignerProperties.Keystore(keystore, passwordFile, null),
        Map.of(),
        "lazai.signer.keystore.path ("
            + keystore
            + ") cannot be opened: the password does not"
            + " open the keystore (its MAC does not match)",
        "lazai.signer.keystore.password-file",
        "tr0ub4dor&3");
  }

  @Test
  void aDamagedFileUnsupportedKdfOrCipherAndHostileParametersAreRefused() throws Exception {
    String json = Files.readString(web3jKeystore(PASSWORD, false));
    String tamperedCiphertext =
        json.replaceFirst("\"ciphertext\":\"(.)", "\"ciphertext\":\"$1$1")
            .replaceFirst("\"ciphertext\":\"(.{64}).", "\"ciphertext\":\"$1");
    assertOpenRefused(tamperedCiphertext, "its MAC does not match");
    assertOpenRefused(
        json.replace("\"scrypt\"", "\"argon2id\""), "kdf is 'argon2id'; only scrypt and pbkdf2");
    assertOpenRefused(json.replace("aes-128-ctr", "aes-128-cbc"), "only aes-128-ctr is supported");
    assertOpenRefused(json.replace("\"n\":4096", "\"n\":1073741824"), "need more than 1 GiB");
    assertOpenRefused(json.replace("\"n\":4096", "\"n\":4095"), "power of two");
    assertOpenRefused(json.replace("\"version\":3", "\"version\":1"), "not version 3");
    assertOpenRefused("{\"version\":3}", "no crypto section");
    assertOpenRefused("not json", "not valid JSON");
    String pbkdf2 =
        "{\"version\":3,\"crypto\":{\"cipher\":\"aes-128-ctr\",\"ciphertext\":\""
            + "00".repeat(32)
            + "\",\"cipherparams\":{\"iv\":\""
            + "00".repeat(16)
            + "\"},\"kdf\":\"pbkdf2\",\"kdfparams\":{\"c\":1,\"dklen\":32,\"prf\":\"hmac-sha512\","
            + "\"salt\":\"00\"},\"mac\":\""
            + "00".repeat(32)
            + "\"}}";
    assertOpenRefused(pbkdf2, "prf is 'hmac-sha512'; only hmac-sha256");
  }

  @Test
  void aFileWhoseDeclaredAddressIsNotItsKeysIsRefused() throws Exception {
    Path keystore = web3jKeystore(PASSWORD, false);
    Files.writeString(
        keystore,
        Files.readString(keystore)
            .replace(ADDRESS.substring(2).toLowerCase(java.util.Locale.ROOT), "11".repeat(20)));
    Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD);

    assertRefused(
        new SignerProperties.Keystore(keystore, passwordFile, null),
        Map.of(),
        "declares address 0x" + "11".repeat(20) + " but its key belongs to " + ADDRESS,
        "lazai.signer.keystore.path",
        PASSWORD);
  }

  @Test
  void aMissingFileOrPasswordVariableIsNamed() throws Exception {
    Path keystore = web3jKeystore(PASSWORD, false);
    assertRefused(
        new SignerProperties.Keystore(dir.resolve("absent.json"), null, "WALLET_PASSWORD"),
        Map.of("WALLET_PASSWORD", PASSWORD),
        "lazai.signer.keystore.path (" + dir.resolve("absent.json") + ") cannot be read",
        "",
        PASSWORD);
    assertRefused(
        new SignerProperties.Keystore(keystore, null, "WALLET_PASSWORD"),
        Map.of(),
        "lazai.signer.keystore.password-variable names the environment variable WALLET_PASSWORD,"
            + " which is not set",
        "",
        PASSWORD);
  }

  private Signer open(SignerProperties.Keystore keystore, Map<String, String> variables) {
    return SignerFactory.create(
        new SignerProperties(SignerProperties.Type.KEYSTORE, null, keystore, null),
        null,
        "production",
        variables::get);
  }

  private void assertRefused(
      SignerProperties.Keystore keystore,
      Map<String, String> variables,
      String message,
      String hint,
      String password) {
    assertThatThrownBy(() -> open(keystore, variables))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(message)
        .hasMessageContaining(hint)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain(password)
                    .doesNotContain(KEY.substring(2)));
  }

  private static void assertOpenRefused(String json, String reason) {
    assertThatThrownBy(() -> Keystore.decrypt(json, PASSWORD))
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
  }

  /** A keystore as geth writes it: web3j's writer, light (n=4096, p=6) or standard (n=2^18). */
  private Path web3jKeystore(String password, boolean standard) throws Exception {
    String name =
        WalletUtils.generateWalletFile(
            password, Credentials.create(KEY).getEcKeyPair(), dir.toFile(), standard);
    return dir.resolve(name);
  }

  static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
