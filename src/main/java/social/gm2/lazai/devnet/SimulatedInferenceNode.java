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
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import social.gm2.lazai.chain.web3j.contracts.AIProcess;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.crypto.Wallet;

/**
 * A stand-in for LazAI's inference node with settlement (the alith Python inference server, {@code
 * settlement=True}; lazai-protocol §9): it checks the settlement headers against the Inference
 * (AIProcess) contract, answers from the DAT file named by {@code X-LazAI-File-ID} through the
 * DataRegistry permission ({@link DataQuery}), with a deterministic model instead of an LLM ({@link
 * DeterministicModel}), and settles each answer's fee on chain before sending it ({@link
 * FeeSettler}). Plain JDK HTTP server, no Spring, no database: {@link #main} runs it from
 * environment variables ({@link InferenceNodeSettings}); tests call {@link #start}.
 */
public final class SimulatedInferenceNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SimulatedInferenceNode.class);

  private static final int MAX_BODY_BYTES = 4 << 20;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration RECEIPT_TIMEOUT = Duration.ofMinutes(2);
  private static final long MAX_FILE_BYTES = 64L << 20;
  private static final DefaultGasProvider UNUSED_GAS = new DefaultGasProvider();
  private static final tools.jackson.databind.json.JsonMapper JSON =
      tools.jackson.databind.json.JsonMapper.shared();

  private final NodeServer http;
  private final String address;
  private final String publicKeyPem;
  private final InferencePipeline pipeline;

  private SimulatedInferenceNode(
      NodeServer http, String address, String publicKeyPem, InferencePipeline pipeline) {
    this.http = http;
    this.address = address;
    this.publicKeyPem = publicKeyPem;
    this.pipeline = pipeline;
  }

  /**
   * Checks the chain, registers the node on the Inference contract if needed and starts serving.
   *
   * @throws IllegalStateException if the chain is not the configured one, or the node is not
   *     registered and no maintainer key is configured
   */
  public static SimulatedInferenceNode start(InferenceNodeSettings settings)
      throws IOException, InterruptedException {
    return NodeServer.open(
        settings.rpcUrl(),
        settings.chainId(),
        settings.host(),
        settings.port(),
        settings.publicUrl(),
        Executors.newFixedThreadPool(16, daemon()),
        (web3, http) -> {
          SimulatedInferenceNode node = assemble(settings, web3, http);
          node.listen();
          return node;
        });
  }

  private static SimulatedInferenceNode assemble(
      InferenceNodeSettings settings, Web3j web3, NodeServer http) throws InterruptedException {
    KeyPair rsa = NodeRsaKey.load(settings.rsaPrivateKeyPem());
    Credentials node = Credentials.create(settings.nodePrivateKey().reveal());
    var readOnly = new ReadonlyTransactionManager(web3, node.getAddress());
    var inference = AIProcess.load(settings.inference(), web3, readOnly, UNUSED_GAS);
    var registry = DataRegistry.load(settings.dataRegistry(), web3, readOnly, UNUSED_GAS);
    NodeSender maintainer =
        settings.maintainerKey() == null
            ? null
            : new NodeSender(
                web3,
                Credentials.create(settings.maintainerKey().reveal()),
                settings.chainId(),
                RECEIPT_TIMEOUT);
    new NodeRegistration(NodeDirectory.of(inference, "Inference"), maintainer)
        .ensure(node.getAddress(), http.url(), (RSAPublicKey) rsa.getPublic());
    String pem = RsaKeys.toPkcs1Pem((RSAPublicKey) rsa.getPublic());
    warnIfRegistryKeyDiffers(registry, (RSAPublicKey) rsa.getPublic());

    HttpClient downloads =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    var files =
        new EncryptedFileFetcher(
            downloads,
            new PasswordCipher(Clock.systemUTC(), new SecureRandom()),
            DOWNLOAD_TIMEOUT,
            MAX_FILE_BYTES);
    var dataQuery = new DataQuery(registry, (RSAPrivateKey) rsa.getPrivate(), files);
    var sender = new NodeSender(web3, node, settings.chainId(), RECEIPT_TIMEOUT);
    var wallet = Wallet.fromPrivateKey(settings.nodePrivateKey().reveal());
    var settler = new FeeSettler(inference, sender, wallet, settings.pricePerToken());
    var pipeline =
        new InferencePipeline(
            JSON,
            dataQuery,
            new HeaderValidator(inference, node.getAddress()),
            new DeterministicModel(JSON, Clock.systemUTC()),
            settler);
    return new SimulatedInferenceNode(http, wallet.address(), pem, pipeline);
  }

  /**
   * Runs a node from environment variables until the process is stopped. Exits with 2 on a
   * configuration problem, 1 if the node cannot start.
   */
  public static void main(String[] args) {
    NodeServer.runUntilStopped(
        "simulated inference node",
        () -> start(InferenceNodeSettings.fromEnvironment(System.getenv()))::close);
  }

  /** The base URL registered on chain; the OpenAI base URL is {@code url() + "/v1"}. */
  public String url() {
    return http.url();
  }

  /** Where this process listens (differs from {@link #url()} with a public URL configured). */
  public String localUrl() {
    return http.localUrl();
  }

  /** The node wallet's address: the {@code node} users sign for and deposit to. */
  public String address() {
    return address;
  }

  /** The node's PKCS#1 public key: registered on chain, and what the DataRegistry key must be. */
  public String publicKeyPem() {
    return publicKeyPem;
  }

  @Override
  public void close() {
    http.close();
  }

  private void listen() {
    http.serve(this::dispatch);
    log.info("simulated inference node {} serving {}/v1/chat/completions", address, http.url());
  }

  private void dispatch(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
      InferencePipeline.Reply reply;
      if (body.length > MAX_BODY_BYTES) {
        reply =
            InferencePipeline.Reply.json(
                JSON, 413, JSON.createObjectNode().put("detail", "Request body too large"));
      } else {
        reply =
            pipeline.handle(
                new InferencePipeline.Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders()::getFirst,
                    body));
      }
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      exchange.sendResponseHeaders(reply.status(), reply.body().length);
      exchange.getResponseBody().write(reply.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Files are decrypted through the permission granted to the DataRegistry address, wrapped for
   * {@code DataRegistry.publicKey()}; with another key there, every data query fails.
   */
  private static void warnIfRegistryKeyDiffers(DataRegistry registry, RSAPublicKey key) {
    try {
      String registered = registry.publicKey().send();
      RSAPublicKey parsed = registered.isBlank() ? null : RsaKeys.parsePublic(registered);
      if (parsed == null || !parsed.getModulus().equals(key.getModulus())) {
        log.warn(
            "DataRegistry {} publishes {} public key than this node's: data queries will fail"
                + " for permissions wrapped for it",
            registry.getContractAddress(),
            parsed == null ? "no" : "another");
      }
    } catch (Exception e) {
      log.warn("cannot read DataRegistry.publicKey(): {}", e.getMessage());
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return task -> {
      Thread thread = new Thread(task, "inference-node");
      thread.setDaemon(true);
      return thread;
    };
  }
}
