package social.gm2.lazai.signer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract suite on the remote adapter, against a local server that follows Web3Signer's
 * documented JSON-RPC API with the keystore adapter inside (one server per key, as one Web3Signer
 * per wallet).
 */
class RemoteSignerContractIT extends SignerContract {
  @TempDir Path dir;
  private final List<LocalWeb3Signer> servers = new ArrayList<>();

  @Override
  protected Signer open(String key) throws Exception {
    Signer inside = TestKeystores.open(dir.resolve(key.substring(2, 10)), key);
    LocalWeb3Signer server = LocalWeb3Signer.start(inside, inside, CHAIN_ID);
    servers.add(server);
    return TestKeystores.remote(server, inside.address());
  }

  @AfterEach
  void stopServers() {
    servers.forEach(LocalWeb3Signer::close);
  }
}
