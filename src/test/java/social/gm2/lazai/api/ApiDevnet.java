package social.gm2.lazai.api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;
import social.gm2.lazai.devnet.SimulatedNode;
import social.gm2.lazai.devnet.SimulatedNodeSettings;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestServices;

/**
 * The whole service on the devnet for the API and dashboard tests: Hardhat with the project's
 * contracts, the simulated verified-computing node, the local IPFS store served by the service,
 * MariaDB and Redis, attestation tracking on with one confirmation, and an API key.
 */
final class ApiDevnet implements AutoCloseable {
  static final String KEY = "it-api-key-" + java.util.UUID.randomUUID();
  static final String TREASURY_KEY = HardhatNode.KEYS.get(2);
  static final String EXPLORER = "https://explorer.example";

  final String database = TestServices.createDatabase();
  final HardhatNode chain;
  final DevnetDeployment devnet;
  final SimulatedNode node;
  final int port;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiDevnet() throws Exception {
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

  void register(DynamicPropertyRegistry registry) throws IOException {
    Path store = Files.createTempDirectory("ipfs");
    TestServices.register(registry, database);
    registry.add("server.port", () -> port);
    registry.add("lazai.api.keys", () -> KEY);
    registry.add("lazai.api.explorer-url", () -> EXPLORER);
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
    registry.add("lazai.attestation.enabled", () -> "true");
    registry.add("lazai.attestation.confirmations", () -> "1");
    registry.add("lazai.attestation.poll-interval", () -> "200ms");
    registry.add("lazai.queue.backfill-period", () -> "1s");
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET());
  }

  HttpResponse<String> post(String path, String json, String key) throws Exception {
    HttpRequest.Builder request =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return send(request);
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
    if (chain != null) {
      chain.close();
    }
    TestServices.dropDatabase(database);
  }
}
