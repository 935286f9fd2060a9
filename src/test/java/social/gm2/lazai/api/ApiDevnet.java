package social.gm2.lazai.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.test.context.DynamicPropertyRegistry;
import social.gm2.lazai.devnet.InferenceNodeSettings;
import social.gm2.lazai.devnet.SimulatedInferenceNode;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.ServiceDevnet;

/**
 * The whole service on the devnet for the API and dashboard tests: Hardhat with the project's
 * contracts, the simulated verified-computing node, the local IPFS store served by the service,
 * MariaDB and Redis, attestation tracking on with one confirmation, and an API key.
 */
final class ApiDevnet implements AutoCloseable {
  static final String KEY = "it-api-key-" + java.util.UUID.randomUUID();
  static final String TREASURY_KEY = ServiceDevnet.TREASURY_KEY;
  static final String EXPLORER = "https://explorer.example";

  /**
   * The setting's value for a devnet: no block explorer, so the dashboard links to its own view.
   */
  static final String NO_EXPLORER = "none";

  private final ServiceDevnet service;
  final int port;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String explorer;

  ApiDevnet() throws Exception {
    this(EXPLORER);
  }

  /** With {@code lazai.api.explorer-url} set to {@code explorer}. */
  ApiDevnet(String explorer) throws Exception {
    this(explorer, new ServiceDevnet());
  }

  private ApiDevnet(String explorer, ServiceDevnet service) {
    this.explorer = explorer;
    this.service = service;
    this.port = service.port;
  }

  /**
   * Also the simulated inference node ({@link ServiceDevnet#withInference()}: the DataRegistry
   * publishes its key, so every mint grants the permission it answers from), with the service's
   * inference on.
   */
  static ApiDevnet withInference() throws Exception {
    return new ApiDevnet(EXPLORER, ServiceDevnet.withInference());
  }

  /** The chain, contracts and node under the service. */
  ServiceDevnet service() {
    return service;
  }

  void register(DynamicPropertyRegistry registry) throws IOException {
    service.register(registry);
    registry.add("lazai.api.keys", () -> KEY);
    registry.add("lazai.api.explorer-url", () -> explorer);
    registry.add("lazai.attestation.enabled", () -> "true");
    registry.add("lazai.attestation.confirmations", () -> "1");
    registry.add("lazai.attestation.poll-interval", () -> "200ms");
    registry.add("lazai.queue.backfill-period", () -> "1s");
    if (service.inferenceNode != null) {
      registerInference(registry);
    }
  }

  /** Turns the service's inference on, against this devnet's Inference and Settlement contracts. */
  void registerInference(DynamicPropertyRegistry registry) {
    registry.add("lazai.inference.enabled", () -> "true");
    registry.add("lazai.inference.inference-address", () -> service.devnet.inference());
    registry.add("lazai.inference.settlement-address", () -> service.devnet.settlement());
  }

  /**
   * Starts a simulated inference node with Hardhat key {@code key}, registered on the Inference
   * contract by the maintainer (#0); with {@code rsaPrivatePem} it holds that key, else its own.
   */
  SimulatedInferenceNode startInferenceNode(int key, String rsaPrivatePem) throws Exception {
    InferenceNodeSettings settings =
        InferenceNodeSettings.of(
                service.chain.url(),
                service.devnet.dataRegistry(),
                service.devnet.inference(),
                HardhatNode.KEYS.get(key))
            .withMaintainerKey(HardhatNode.KEYS.get(0));
    return SimulatedInferenceNode.start(
        rsaPrivatePem == null ? settings : settings.withRsaPrivateKeyPem(rsaPrivatePem));
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

  HttpResponse<String> getWithKey(String path) throws Exception {
    return send(request(path).header("X-API-Key", KEY).GET());
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

  /**
   * A mint that failed after its upload, as the runner leaves one: its row, its transitions and a
   * seed. Its file URL leads nowhere, so once retried it registers, opens a job, and then waits on
   * the node, which cannot fetch the file (a 5xx that may pass: never FAILED again).
   */
  static String failedAfterUpload(org.springframework.jdbc.core.JdbcTemplate jdbc) {
    String token = ApiIT.randomToken();
    java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
    jdbc.update(
        "INSERT INTO mint (token_address, file_name, state, seed, cid, url, attempts, last_error,"
            + " next_attempt_at) VALUES (?, 'f.txt', 'FAILED', 'a seed', 'bafy-unreachable', ?, 1,"
            + " 'a test failure', ?)",
        token,
        "http://127.0.0.1:9/ipfs/" + token,
        now);
    long id = jdbc.queryForObject("SELECT id FROM mint WHERE token_address = ?", Long.class, token);
    for (String[] move :
        new String[][] {
          {null, "ACCEPTED"},
          {"ACCEPTED", "ENCRYPTED"},
          {"ENCRYPTED", "UPLOADED"},
          {"UPLOADED", "FAILED"}
        }) {
      jdbc.update(
          "INSERT INTO mint_transition (mint_id, from_state, to_state, occurred_at, detail)"
              + " VALUES (?, ?, ?, ?, 'a test history')",
          id,
          move[0],
          move[1],
          now);
    }
    return token;
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    service.close();
  }
}
