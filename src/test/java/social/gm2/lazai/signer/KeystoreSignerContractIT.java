package social.gm2.lazai.signer;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract suite on V3 keystore files written as geth writes them. */
class KeystoreSignerContractIT extends SignerContract {
  @TempDir Path dir;

  @Override
  protected Signer open(String key) throws Exception {
    return TestKeystores.open(dir.resolve(key.substring(2, 10)), key);
  }
}
