package social.gm2.lazai.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import social.gm2.lazai.signer.factory.SignerFactory;
import social.gm2.lazai.signer.keystore.Keystore;
import social.gm2.lazai.support.NodePeer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keystores written by the real Node libraries in {@code interop/} open in the keystore signer:
 * ethers 6.17.0 ({@code Wallet.encrypt}: scrypt, its default N = 2^17) and web3.js 4 ({@code
 * accounts.encrypt}: scrypt, and pbkdf2 with c = 262144). ethers reads back the web3.js pbkdf2 file
 * too, so both tools agree on what the Java side reads. With a non-ASCII password ethers derives
 * from its NFKC form and web3.js from the raw UTF-8: the Java side opens both.
 */
class KeystoreInteropIT {
  private static final String KEY = KeystoreSignerTest.KEY;
  private static final String ADDRESS = KeystoreSignerTest.ADDRESS;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} {1}, password {2}")
  @CsvSource({
    "ethers, scrypt, ascii passphrase",
    "web3, scrypt, ascii passphrase",
    "web3, pbkdf2, ascii passphrase",
    "ethers, scrypt, pässwörd ﬁ Ω",
    "web3, pbkdf2, pässwörd ﬁ Ω"
  })
  void aNodeWrittenKeystoreOpens(String tool, String kdf, String password) throws Exception {
    String json = write(tool, kdf, password);
    assertThat(json).contains("\"kdf\":\"" + kdf + "\"");
    Path file = Files.writeString(dir.resolve(tool + "-" + kdf + ".json"), json);

    Signer signer =
        SignerFactory.create(
            new SignerProperties(
                SignerProperties.Type.KEYSTORE,
                null,
                new SignerProperties.Keystore(file, null, "WALLET_PASSWORD"),
                null),
            null,
            "production",
            Map.of("WALLET_PASSWORD", password)::get);

    assertThat(signer.address()).isEqualTo(ADDRESS);
    assertThat(signer.derivePassword("Sign to retrieve your encryption key"))
        .isEqualTo(PlainKeyPasswords.passwordOf(KEY, "Sign to retrieve your encryption key"));
  }

  @Test
  void ethersReadsTheWeb3Pbkdf2KeystoreTheJavaSideReads() throws Exception {
    String json = write("web3", "pbkdf2", "ascii passphrase");
    Path file = Files.writeString(dir.resolve("web3-pbkdf2.json"), json);

    var read =
        JsonMapper.shared()
            .readTree(
                NodePeer.run(
                        "keystore.js",
                        Map.of(),
                        "ascii passphrase",
                        "read",
                        "ethers",
                        file.toString())
                    .orThrow()
                    .stdout());

    assertThat(read.get("key").asString()).isEqualTo(KEY);
    assertThat(java.util.HexFormat.of().formatHex(Keystore.decrypt(json, "ascii passphrase")))
        .isEqualTo(KEY.substring(2));
  }

  private static String write(String tool, String kdf, String password) throws Exception {
    String stdin = JsonMapper.shared().writeValueAsString(Map.of("key", KEY, "password", password));
    return NodePeer.run("keystore.js", Map.of(), stdin, "write", tool, kdf).orThrow().stdout();
  }
}
