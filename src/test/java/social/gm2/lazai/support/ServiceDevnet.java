package social.gm2.lazai.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.devnet.InferenceNodeSettings;
import social.gm2.lazai.devnet.SimulatedInferenceNode;
import social.gm2.lazai.devnet.SimulatedNode;
import social.gm2.lazai.devnet.SimulatedNodeSettings;

/**
 * What a whole-service devnet test runs against: a database of its own, Hardhat with the project's
 * contracts, the simulated verified-computing node (Hardhat key #1, registered by the maintainer
 * #0) and a free port for the service, which serves its local IPFS store itself. The service wallet
 * is Hardhat key #2. {@link #withInference()} adds the simulated inference node (Hardhat key #3,
 * registered on the Inference contract by #0) and publishes its RSA key as the DataRegistry's
 * public key, so the service's mints grant the permission the node answers from.
 */
public final class ServiceDevnet implements AutoCloseable {
  public static final String TREASURY_KEY = HardhatNode.KEYS.get(2);

  public final String database = TestServices.createDatabase();
  public final HardhatNode chain;
  public final DevnetDeployment devnet;
  public final SimulatedNode node;

  /** The simulated inference node, or null without {@link #withInference()}. */
  public final SimulatedInferenceNode inferenceNode;

  public final int port;
  private final Path store;

  public ServiceDevnet() throws Exception {
    this(false);
  }

  /** Also runs the simulated inference node; the DataRegistry publishes its RSA key. */
  public static ServiceDevnet withInference() throws Exception {
    return new ServiceDevnet(true);
  }

  private ServiceDevnet(boolean inference) throws Exception {
    chain = HardhatNode.start();
    KeyPair rsa = inference ? TestRsaKeys.generate() : null;
    devnet =
        DevnetDeployment.deploy(
            chain,
            List.of(),
            List.of(),
            inference ? RsaKeys.toPkcs1Pem((RSAPublicKey) rsa.getPublic()) : null);
    node =
        SimulatedNode.start(
            SimulatedNodeSettings.of(
                    chain.url(),
                    devnet.dataRegistry(),
                    devnet.verifiedComputing(),
                    HardhatNode.KEYS.get(1))
                .withMaintainerKey(HardhatNode.KEYS.get(0)));
    inferenceNode =
        inference
            ? SimulatedInferenceNode.start(
                InferenceNodeSettings.of(
                        chain.url(),
                        devnet.dataRegistry(),
                        devnet.inference(),
                        HardhatNode.KEYS.get(3))
                    .withRsaPrivateKeyPem(TestRsaKeys.privatePem(rsa))
                    .withMaintainerKey(HardhatNode.KEYS.get(0)))
            : null;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    store = Files.createTempDirectory("ipfs");
  }

  /** Points the service at all of it; tests add their own settings after this. */
  public void register(DynamicPropertyRegistry registry) throws IOException {
    TestServices.register(registry, database);
    properties().forEach((name, value) -> registry.add(name, () -> value));
  }

  /**
   * The same settings as a map, for the packaged service run as a process ({@link ServiceJar}): the
   * test servers, the devnet and the local store (one directory for every call, so a restarted
   * service serves the files its previous run stored).
   */
  public Map<String, Object> properties() {
    Map<String, Object> p = new LinkedHashMap<>(TestServices.serviceProperties(database));
    p.put("lazai.mint.encryption-seed", "Sign to retrieve your encryption key");
    p.put("server.port", port);
    p.put("lazai.chain.private-key", TREASURY_KEY);
    p.put("lazai.chain.rpc-url", chain.url());
    p.put("lazai.chain.verified-computing-address", devnet.verifiedComputing());
    p.put("lazai.chain.data-registry-address", devnet.dataRegistry());
    p.put("lazai.chain.deployment-block", devnet.deploymentBlock());
    p.put("lazai.chain.max-head-age", "0s");
    p.put("lazai.chain.allowed-node-networks", "127.0.0.0/8");
    p.put("lazai.chain.transactions.poll-interval", "50ms");
    p.put("lazai.storage.provider", "local");
    p.put("lazai.storage.local.directory", store.toString());
    p.put("lazai.storage.local.public-base-url", "http://127.0.0.1:" + port);
    return p;
  }

  @Override
  public void close() {
    if (inferenceNode != null) {
      inferenceNode.close();
    }
    node.close();
    chain.close();
    TestServices.dropDatabase(database);
  }
}
