package social.gm2.lazai.signer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import social.gm2.lazai.signer.factory.SignerFactory;

/** Keystores as geth writes them (web3j's writer, light scrypt), opened by the keystore adapter. */
final class TestKeystores {
  static final String PASSWORD = "keystore test password";

  private TestKeystores() {}

  /** Writes {@code key}'s keystore into {@code dir} and returns its file. */
  static Path write(Path dir, String key) throws Exception {
    Files.createDirectories(dir);
    String name =
        WalletUtils.generateWalletFile(
            PASSWORD, Credentials.create(key).getEcKeyPair(), dir.toFile(), false);
    return dir.resolve(name);
  }

  /** The keystore adapter holding {@code key}, its password from a variable. */
  static Signer open(Path dir, String key) throws Exception {
    return SignerFactory.create(
        new SignerProperties(
            SignerProperties.Type.KEYSTORE,
            null,
            new SignerProperties.Keystore(write(dir, key), null, "TEST_KEYSTORE_PASSWORD"),
            null),
        null,
        "test",
        Map.of("TEST_KEYSTORE_PASSWORD", PASSWORD)::get);
  }

  /** The remote adapter for {@code server}, which holds {@code address}. */
  static Signer remote(LocalWeb3Signer server, String address) {
    return SignerFactory.create(
        new SignerProperties(
            SignerProperties.Type.REMOTE,
            null,
            null,
            new SignerProperties.Remote(server.url(), address, null, null, null, null)),
        null,
        "production",
        name -> null);
  }
}
