package social.gm2.lazai.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.FileRecord;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.ProofJob;
import social.gm2.lazai.chain.ProofRequest;
import social.gm2.lazai.chain.Reward;
import social.gm2.lazai.chain.tx.TransactionSender;
import social.gm2.lazai.chain.web3j.Web3jLazaiChain;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.crypto.RsaKeyWrap;
import social.gm2.lazai.crypto.RsaScheme;
import social.gm2.lazai.crypto.Wallet;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestSenders;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The simulated verified-computing node on a real Hardhat devnet deployed without nodes: it
 * registers itself with the deployer as maintainer (Hardhat #0), proves as Hardhat #1, and the
 * service side (Hardhat #2) drives the DAT flow through {@link Web3jLazaiChain} with a real
 * ciphertext served over HTTP.
 */
class SimulatedNodeIT {
  private static final String MAINTAINER_KEY = HardhatNode.KEYS.get(0);
  private static final String NODE_KEY = HardhatNode.KEYS.get(1);
  private static final String OWNER_KEY = HardhatNode.KEYS.get(2);
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final PasswordCipher CIPHER =
      new PasswordCipher(Clock.systemUTC(), new SecureRandom());
  private static final Wallet OWNER = Wallet.fromPrivateKey(OWNER_KEY);

  private static HardhatNode chain;
  private static Web3j web3;
  private static DevnetDeployment devnet;
  private static String database;
  private static HikariDataSource dataSource;
  private static Web3jLazaiChain owner;
  private static FileServer files;
  private static String rsaPem;
  private static SimulatedNode node;

  @BeforeAll
  static void start() throws Exception {
    chain = HardhatNode.start();
    web3 = Web3j.build(new HttpService(chain.url()));
    devnet = DevnetDeployment.deploy(chain, List.of());
    database = TestServices.createDatabase();
    dataSource = TestServices.migratedDataSource(database);
    owner =
        Web3jLazaiChain.connect(
            web3,
            ownerSender(),
            devnet.dataRegistry(),
            devnet.verifiedComputing(),
            chain.url(),
            devnet.deploymentBlock());
    files = new FileServer();
    rsaPem = pkcs8Pem();
    node = SimulatedNode.start(settings().withMaintainerKey(MAINTAINER_KEY));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (files != null) {
      files.close();
    }
    web3.shutdown();
    dataSource.close();
    chain.close();
    TestServices.dropDatabase(database);
  }

  @Test
  void theNodeRegisteredItselfWithTheMaintainerKey() {
    NodeInfo info = owner.node(node.address());
    assertThat(node.address()).isEqualTo(Credentials.create(NODE_KEY).getAddress());
    assertThat(info.status()).isEqualTo(NodeInfo.Status.ACTIVE);
    assertThat(info.url()).isEqualTo(node.url()).isEqualTo(node.localUrl());
    assertThat(info.publicKey())
        .isEqualTo(node.publicKeyPem())
        .startsWith("-----BEGIN RSA PUBLIC KEY");
  }

  @Test
  void anOaepWrappedKeyMintsTheDeterministicScoreOfThePlaintext() throws Exception {
    mintsTheDeterministicScore(RsaScheme.OAEP_SHA1, "");
  }

  @Test
  void aPkcs1WrappedKeyWith0xMintsTheDeterministicScoreOfThePlaintext() throws Exception {
    mintsTheDeterministicScore(RsaScheme.PKCS1_V15, "0x");
  }

  private void mintsTheDeterministicScore(RsaScheme scheme, String prefix) throws Exception {
    Flow flow = Flow.begin("a file scored with " + scheme.displayName());
    NodeInfo info = owner.node(flow.job.node());
    assertThat(flow.job.node()).isEqualToIgnoringCase(node.address());
    String key = prefix + RsaKeyWrap.wrap(info.publicKey(), flow.password, scheme);

    HttpResponse<String> response = post(info.url(), flow.body(key));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"success\":true}"));
    assertThat(files.hits(flow.name)).isEqualTo(1);
    assertThat(owner.job(flow.job.jobId()).status()).isEqualTo(ProofJob.Status.COMPLETED);
    Reward reward = flow.reward();
    assertThat(reward.amount()).isEqualTo(BigInteger.valueOf(documentedScore(flow.plaintext)));
    assertThat(reward.owner()).isEqualToIgnoringCase(OWNER.address());
  }

  @Test
  void aMalformedBodyIs422NamingEachField() throws Exception {
    HttpResponse<String> response =
        post(
            node.url(), "{\"file_id\":\"x\",\"file_url\":7,\"encryption_key\":\"00\",\"extra\":1}");

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode detail = JSON.readTree(response.body()).get("detail");
    assertThat(errors(detail))
        .containsEntry("job_id", "missing")
        .containsEntry("file_id", "int_parsing")
        .containsEntry("file_url", "string_type")
        .hasSize(3);
    assertThat(detail.get(0).get("msg").asString()).isEqualTo("Field required");

    var notJson = post(node.url(), "{not json");
    assertThat(notJson.statusCode()).isEqualTo(422);
    assertThat(notJson.body()).contains("json_invalid");
    assertThat(post(node.url() + "/elsewhere", "{}", Duration.ofSeconds(10)).statusCode())
        .isEqualTo(404);
    var get =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(node.url() + "/proof")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }

  @Test
  void aKeyWrappedForAnotherRsaKeyIs500WithTheReferenceShapeAndNoSecret() throws Exception {
    Flow flow = Flow.begin("a key for someone else");
    String key = RsaKeyWrap.wrap(otherPublicKey(), flow.password, RsaScheme.OAEP_SHA1);

    HttpResponse<String> response = post(node.url(), flow.body(key));

    assertThat(response.statusCode()).isEqualTo(500);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("type").asString()).isEqualTo("internal_error");
    assertThat(error.get("message").asString())
        .startsWith(
            "Error processing request for req: job_id="
                + flow.job.jobId().value()
                + " file_id="
                + flow.file.id().value()
                + " Error: ")
        .contains("does not decrypt with this key");
    assertThat(response.body())
        .doesNotContain(flow.password)
        .doesNotContain(flow.password.substring(2))
        .doesNotContain(key)
        .doesNotContain(flow.seed);
    assertThat(owner.job(flow.job.jobId()).status()).isEqualTo(ProofJob.Status.SUBMITTED);
  }

  @Test
  void aFailureRateOfOneAnswers500AfterTheDelayWithoutTouchingTheChain() throws Exception {
    var knobs =
        SimulatedNodeSettings.Knobs.DEFAULTS.withFailureRate(1.0).withDelay(Duration.ofMillis(300));
    try (SimulatedNode failing = sharingRegistration(knobs)) {
      Flow flow = Flow.begin("a failing node");
      BigInteger nonce = nodeNonce();
      String key = RsaKeyWrap.wrap(node.publicKeyPem(), flow.password, RsaScheme.OAEP_SHA1);

      long started = System.nanoTime();
      HttpResponse<String> response = post(failing.localUrl(), flow.body(key));

      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("delayed")
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(JSON.readTree(response.body()).get("error").get("message").asString())
          .contains("Error: simulated failure");
      assertThat(nodeNonce()).as("no transaction sent").isEqualTo(nonce);
      assertThat(files.hits(flow.name)).isZero();
      assertThat(owner.job(flow.job.jobId()).status()).isEqualTo(ProofJob.Status.SUBMITTED);
      assertThat(owner.proofIndexAddedBy(flow.file.id(), node.address())).isEmpty();
    }
  }

  @Test
  void withDecryptOffTheScoreIsRandomAndTheFileIsNeverFetched() throws Exception {
    var knobs = SimulatedNodeSettings.Knobs.DEFAULTS.withDecrypt(false);
    try (SimulatedNode blind = sharingRegistration(knobs)) {
      Flow flow = Flow.begin("a blind node");

      HttpResponse<String> response = post(blind.localUrl(), flow.body("not even hex"));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(owner.job(flow.job.jobId()).status()).isEqualTo(ProofJob.Status.COMPLETED);
      assertThat(flow.reward().amount()).isBetween(BigInteger.ONE, BigInteger.valueOf(10_000));
      assertThat(files.hits(flow.name)).isZero();
    }
  }

  @Test
  void aHangingNodeLeavesTheClientToTimeOut() throws Exception {
    var knobs = SimulatedNodeSettings.Knobs.DEFAULTS.hangingFor(Duration.ofSeconds(30));
    SimulatedNode hanging = sharingRegistration(knobs);
    long started = System.nanoTime();
    try {
      assertThatThrownBy(() -> post(hanging.localUrl() + "/proof", "{}", Duration.ofSeconds(1)))
          .isInstanceOf(HttpTimeoutException.class);
    } finally {
      hanging.close();
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("timed out and closed without waiting out the hang")
        .isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void anUnregisteredNodeWithoutAMaintainerKeyRefusesToStart() {
    String stranger = HardhatNode.KEYS.get(3);
    assertThatThrownBy(() -> SimulatedNode.start(settings(stranger)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not an active node")
        .hasMessageContaining("NODE_MAINTAINER_KEY is not set")
        .message()
        .doesNotContain(stranger.substring(2));
  }

  @Test
  void environmentVariablesConfigureTheNode() {
    SimulatedNodeSettings settings = SimulatedNodeSettings.fromEnvironment(environment());
    assertThat(settings.knobs().failureRate()).isEqualTo(0.25);
    assertThat(settings.knobs().decrypt()).isFalse();
    assertThat(settings.chainId()).isEqualTo(133_718);
    assertThat(settings.port()).isZero();
    assertThat(settings.rsaPrivateKeyPem().reveal()).isEqualTo(rsaPem);
    assertThat(settings.toString())
        .doesNotContain(NODE_KEY.substring(2))
        .doesNotContain("PRIVATE KEY");
  }

  @Test
  void malformedVariablesAreRefusedByNameWithoutPrintingKeys() {
    Map<String, String> env = environment();
    String badKey = NODE_KEY.substring(0, 40) + "zz";
    assertRefused(env, "NODE_PRIVATE_KEY", badKey, "NODE_PRIVATE_KEY", badKey.substring(2, 30));
    assertRefused(env, "NODE_RPC_URL", " ", "NODE_RPC_URL is required", null);
    assertRefused(env, "NODE_FAILURE_RATE", "2", "NODE_FAILURE_RATE must be between 0 and 1", null);
    assertRefused(env, "NODE_PORT", "70000", "NODE_PORT must be 0", null);
    assertRefused(
        env, "ENABLE_DECRYPT_FILE", "maybe", "ENABLE_DECRYPT_FILE must be true or false", null);
    assertRefused(env, "NODE_RSA_PRIVATE_KEY", rsaPem, "set only one", "PRIVATE KEY-----\nMII");
    assertRefused(
        env,
        "RSA_PRIVATE_KEY_BASE64",
        "bm90IGEga2V5",
        "RSA_PRIVATE_KEY_BASE64 is not a usable RSA private key",
        null);
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>();
    env.put("NODE_RPC_URL", chain.url());
    env.put("NODE_DATA_REGISTRY", devnet.dataRegistry());
    env.put("NODE_VERIFIED_COMPUTING", devnet.verifiedComputing());
    env.put("NODE_PRIVATE_KEY", NODE_KEY);
    env.put(
        "RSA_PRIVATE_KEY_BASE64",
        Base64.getEncoder().encodeToString(rsaPem.getBytes(StandardCharsets.UTF_8)));
    env.put("NODE_PORT", "0");
    env.put("NODE_FAILURE_RATE", "0.25");
    env.put("ENABLE_DECRYPT_FILE", "false");
    return env;
  }

  private static void assertRefused(
      Map<String, String> base, String name, String value, String message, String secret) {
    Map<String, String> env = new HashMap<>(base);
    env.put(name, value);
    assertThatThrownBy(() -> SimulatedNodeSettings.fromEnvironment(env))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(message)
        .satisfies(
            e -> {
              if (secret != null) {
                assertThat(e.getMessage()).doesNotContain(secret);
              }
            });
  }

  /**
   * 1 + SHA-256(plaintext) as an unsigned big-endian integer mod 10000, as FileScorer documents.
   */
  private static int documentedScore(byte[] plaintext) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(plaintext);
    return 1 + new BigInteger(1, digest).mod(BigInteger.valueOf(10_000)).intValueExact();
  }

  /**
   * A second node process with the same wallet, RSA key and registered URL as the main one, so it
   * starts without writing to the chain and can complete the main node's jobs.
   */
  private static SimulatedNode sharingRegistration(SimulatedNodeSettings.Knobs knobs)
      throws Exception {
    return SimulatedNode.start(settings().withPublicUrl(node.url()).withKnobs(knobs));
  }

  private static SimulatedNodeSettings settings() {
    return settings(NODE_KEY).withRsaPrivateKeyPem(rsaPem);
  }

  private static SimulatedNodeSettings settings(String nodeKey) {
    return SimulatedNodeSettings.of(
        chain.url(), devnet.dataRegistry(), devnet.verifiedComputing(), nodeKey);
  }

  private static BigInteger nodeNonce() throws IOException {
    return web3.ethGetTransactionCount(node.address(), DefaultBlockParameterName.PENDING)
        .send()
        .getTransactionCount();
  }

  private static Map<String, String> errors(JsonNode detail) {
    Map<String, String> byField = new HashMap<>();
    for (JsonNode error : detail) {
      assertThat(error.get("loc").get(0).asString()).isEqualTo("body");
      byField.put(error.get("loc").get(1).asString(), error.get("type").asString());
    }
    return byField;
  }

  /** POSTs {@code body} to the node at {@code baseUrl}'s /proof. */
  private static HttpResponse<String> post(String baseUrl, String body) throws Exception {
    return post(baseUrl + "/proof", body, Duration.ofSeconds(60));
  }

  private static HttpResponse<String> post(String url, String body, Duration timeout)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String pkcs8Pem() throws Exception {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
    return "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END PRIVATE KEY-----\n";
  }

  private static RSAPublicKey otherPublicKey() throws Exception {
    var generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return (RSAPublicKey) generator.generateKeyPair().getPublic();
  }

  private static TransactionSender ownerSender() {
    return TestSenders.sender(web3, chain.url(), OWNER_KEY, dataSource, Duration.ofMinutes(1));
  }

  /** One file of the service side: encrypted, served, added and with a proof requested. */
  private static final class Flow {
    final String name = UUID.randomUUID().toString();
    final byte[] plaintext = ("plaintext of " + name).getBytes(StandardCharsets.UTF_8);
    final String seed = "seed " + name;
    final String password = OWNER.derivePassword(seed);
    final String url;
    final FileRecord file;
    final ProofRequest job;

    private Flow(String purpose) {
      url = files.serve(name, CIPHER.encrypt(plaintext, password));
      file = owner.addFile(purpose + " addFile " + name, url, "").file();
      job = owner.requestProof(purpose + " requestProof " + name, file.id());
    }

    static Flow begin(String purpose) {
      return new Flow(purpose);
    }

    /** The body the Node SDK client sends. */
    String body(String encryptionKey) {
      var body = JSON.createObjectNode();
      body.put("job_id", job.jobId().value());
      body.put("file_id", file.id().value());
      body.put("file_url", url);
      body.put("encryption_key", encryptionKey);
      body.put("encryption_seed", seed);
      body.putNull("nonce");
      body.putNull("proof_url");
      return JSON.writeValueAsString(body);
    }

    Reward reward() {
      BigInteger index = owner.proofIndexAddedBy(file.id(), job.node()).orElseThrow();
      return owner.requestReward("reward " + name, file.id(), index);
    }
  }

  /** Serves ciphertexts by name on loopback and counts the requests for each. */
  private static final class FileServer implements AutoCloseable {
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final HttpServer server;

    FileServer() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/files/",
          exchange -> {
            try (exchange) {
              String name = exchange.getRequestURI().getPath().substring("/files/".length());
              hits.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
              byte[] body = bodies.get(name);
              if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
              }
              exchange.sendResponseHeaders(200, body.length);
              exchange.getResponseBody().write(body);
            }
          });
      server.start();
    }

    String serve(String name, byte[] body) {
      bodies.put(name, body);
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/" + name;
    }

    int hits(String name) {
      AtomicInteger count = hits.get(name);
      return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
