package social.gm2.lazai.devnet;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.crypto.Wallet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for LazAI's verified-computing node (lazai-protocol §8, minus the TEE), so that the
 * service's whole DAT flow can run on a local devnet and be tested against a node that fails,
 * stalls or hangs on purpose. It registers itself on chain if needed, serves {@code POST /proof} on
 * the JDK's HTTP server with a bounded pool, and needs neither Spring nor the service's database:
 * {@link #main} runs it from environment variables.
 */
public final class SimulatedNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SimulatedNode.class);

  private static final int WORKERS = 64;
  private static final int QUEUED = 64;
  private static final int MAX_BODY_BYTES = 1 << 20;
  private static final long MAX_FILE_BYTES = 256L << 20;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(2);

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final DefaultGasProvider UNUSED_GAS = new DefaultGasProvider();

  private final NodeServer http;
  private final String address;
  private final String publicKeyPem;
  private final ProofHandler handler;
  private final SimulatedNodeSettings.Knobs knobs;

  private SimulatedNode(
      NodeServer http,
      String address,
      String publicKeyPem,
      ProofHandler handler,
      SimulatedNodeSettings.Knobs knobs) {
    this.http = http;
    this.address = address;
    this.publicKeyPem = publicKeyPem;
    this.handler = handler;
    this.knobs = knobs;
  }

  /**
   * Checks the chain and the contracts, registers the node if needed and starts serving.
   *
   * @throws IllegalStateException if the chain or the contracts are not the configured ones, or the
   *     node is not registered and no maintainer key is configured
   */
  public static SimulatedNode start(SimulatedNodeSettings settings)
      throws IOException, InterruptedException {
    return NodeServer.open(
        settings.rpcUrl(),
        settings.chainId(),
        settings.host(),
        settings.port(),
        settings.publicUrl(),
        boundedPool(),
        (web3, http) -> {
          SimulatedNode node = assemble(settings, web3, http);
          node.listen();
          return node;
        });
  }

  /** Binds the contracts, registers the node and wires its /proof handler. */
  private static SimulatedNode assemble(SimulatedNodeSettings settings, Web3j web3, NodeServer http)
      throws InterruptedException {
    KeyPair rsa = NodeRsaKey.load(settings.rsaPrivateKeyPem());
    Credentials node = Credentials.create(settings.nodePrivateKey().reveal());
    var readOnly = new ReadonlyTransactionManager(web3, node.getAddress());
    var vc = VerifiedComputing.load(settings.verifiedComputing(), web3, readOnly, UNUSED_GAS);
    var registry = DataRegistry.load(settings.dataRegistry(), web3, readOnly, UNUSED_GAS);
    NodeRegistration.requireSameVerifiedComputing(registry, settings.verifiedComputing());
    new NodeRegistration(NodeDirectory.of(vc), maintainer(web3, settings))
        .ensure(node.getAddress(), http.url(), (RSAPublicKey) rsa.getPublic());
    var sender = new NodeSender(web3, node, settings.chainId(), RECEIPT_TIMEOUT);
    var scorer = scorer((RSAPrivateKey) rsa.getPrivate());
    var wallet = Wallet.fromPrivateKey(settings.nodePrivateKey().reveal());
    var handler = new ProofHandler(JSON, settings.knobs(), scorer, sender, wallet, vc, registry);
    String pem = RsaKeys.toPkcs1Pem((RSAPublicKey) rsa.getPublic());
    return new SimulatedNode(http, node.getAddress(), pem, handler, settings.knobs());
  }

  /**
   * Runs a node from environment variables (see {@link SimulatedNodeSettings}) until the process is
   * stopped. Exits with 2 on a configuration problem, 1 if the node cannot start.
   */
  public static void main(String[] args) {
    quietLibraryLogs();
    NodeServer.runUntilStopped(
        "simulated node",
        () -> start(SimulatedNodeSettings.fromEnvironment(System.getenv()))::close);
  }

  /** The URL registered on chain, where {@code /proof} is served. */
  public String url() {
    return http.url();
  }

  /**
   * Where this process listens; differs from {@link #url()} when a public URL is configured (behind
   * a proxy, or in a test, a second instance sharing the first one's registration).
   */
  public String localUrl() {
    return http.localUrl();
  }

  /** The node wallet's address: the one jobs are assigned to. */
  public String address() {
    return address;
  }

  /** The PKCS#1 public key registered on chain, which file passwords are wrapped for. */
  public String publicKeyPem() {
    return publicKeyPem;
  }

  /** Stops listening and interrupts requests in progress (a hanging one is dropped). */
  @Override
  public void close() {
    http.close();
  }

  private void listen() {
    http.serve(this::dispatch);
    log.info(
        "simulated verified-computing node {} serving POST {}/proof ({})",
        address,
        http.url(),
        knobs);
  }

  /** Routes as the reference's FastAPI app does: only {@code POST /proof} exists. */
  private void dispatch(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"/proof".equals(exchange.getRequestURI().getPath())) {
        respond(exchange, 404, detail("Not Found"));
      } else if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        respond(exchange, 405, detail("Method Not Allowed"));
      } else {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
          respond(exchange, 413, detail("Request body too large"));
        } else if (knobs.hang()) {
          // Never answer; closing the exchange unanswered drops the connection.
          Thread.sleep(knobs.hangLimit().toMillis());
        } else {
          ProofHandler.Answer answer = handler.handle(body);
          respond(exchange, answer.status(), answer.body());
        }
      }
    } catch (InterruptedException e) {
      // The node is closing: drop the request unanswered.
      Thread.currentThread().interrupt();
    }
  }

  private static JsonNode detail(String text) {
    return JSON.createObjectNode().put("detail", text);
  }

  private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static NodeSender maintainer(Web3j web3, SimulatedNodeSettings settings) {
    if (settings.maintainerKey() == null) {
      return null;
    }
    Credentials maintainer = Credentials.create(settings.maintainerKey().reveal());
    return new NodeSender(web3, maintainer, settings.chainId(), RECEIPT_TIMEOUT);
  }

  private static FileScorer scorer(RSAPrivateKey key) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    var cipher = new PasswordCipher(Clock.systemUTC(), new SecureRandom());
    return new FileScorer(http, key, cipher, DOWNLOAD_TIMEOUT, MAX_FILE_BYTES);
  }

  /**
   * Without a logging configuration, logback logs every library at DEBUG; a plain run wants INFO.
   */
  private static void quietLibraryLogs() {
    if (System.getProperty("logback.configurationFile") == null
        && LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
      ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.INFO);
    }
  }

  private static ThreadPoolExecutor boundedPool() {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(
        WORKERS,
        WORKERS,
        0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUED),
        task -> {
          Thread thread = new Thread(task, "simulated-node-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        },
        // The JDK server closes the connection of an exchange the pool refuses.
        new ThreadPoolExecutor.AbortPolicy());
  }
}
