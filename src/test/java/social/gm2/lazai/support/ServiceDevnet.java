package social.gm2.lazai.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;
import social.gm2.lazai.devnet.SimulatedNode;
import social.gm2.lazai.devnet.SimulatedNodeSettings;

/**
 * What a whole-service devnet test runs against: a database of its own, Hardhat with the project's
 * contracts, the simulated verified-computing node (Hardhat key #1, registered by the maintainer
 * #0) and a free port for the service, which serves its local IPFS store itself. The service wallet
 * is Hardhat key #2.
 */
public final class ServiceDevnet implements AutoCloseable {
  public static final String TREASURY_KEY = HardhatNode.KEYS.get(2);

  public final String database = TestServices.createDatabase();
  public final HardhatNode chain;
  public final DevnetDeployment devnet;
  public final SimulatedNode node;
  public final int port;

  public ServiceDevnet() throws Exception {
    chain = HardhatNode.start();
    devnet = DevnetDeployment.deploy(chain, List.of());
    node =
        SimulatedNode.start(
            SimulatedNodeSettings.of(
                    chain.url(),
                    devnet.dataRegistry(),
                    devnet.verifiedComputing(),
                    HardhatNode.KEYS.get(1))
                .withMaintainerKey(HardhatNode.KEYS.get(0)));
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
  }

  /** Points the service at all of it; tests add their own settings after this. */
  public void register(DynamicPropertyRegistry registry) throws IOException {
    Path store = Files.createTempDirectory("ipfs");
    TestServices.register(registry, database);
    registry.add("server.port", () -> port);
    registry.add("lazai.chain.private-key", () -> TREASURY_KEY);
    registry.add("lazai.chain.rpc-url", chain::url);
    registry.add("lazai.chain.verified-computing-address", devnet::verifiedComputing);
    registry.add("lazai.chain.data-registry-address", devnet::dataRegistry);
    registry.add("lazai.chain.deployment-block", devnet::deploymentBlock);
    registry.add("lazai.chain.max-head-age", () -> "0s");
    registry.add("lazai.chain.allowed-node-networks", () -> "127.0.0.0/8");
    registry.add("lazai.chain.transactions.poll-interval", () -> "50ms");
    registry.add("lazai.storage.provider", () -> "local");
    registry.add("lazai.storage.local.directory", store::toString);
    registry.add("lazai.storage.local.public-base-url", () -> "http://127.0.0.1:" + port);
  }

  @Override
  public void close() {
    node.close();
    chain.close();
    TestServices.dropDatabase(database);
  }
}
