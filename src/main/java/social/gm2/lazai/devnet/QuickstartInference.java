package social.gm2.lazai.devnet;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.config.Secret;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quickstart's inference part, when {@code QUICKSTART_INFERENCE} (the Inference contract) is
 * set: starts the {@link SimulatedInferenceNode} (wallet {@code QUICKSTART_INFERENCE_NODE_KEY},
 * registered by {@code NODE_MAINTAINER_KEY}), publishes its RSA key as the DataRegistry's so that
 * each mint's file permission opens for it, and after the sample is ATTESTED asks the service's
 * {@code POST /api/v1/tokens/{token}/chat/completions} one question about the sample's data and
 * prints the answer and the fee recorded for the token.
 */
final class QuickstartInference implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.shared();
  static final String QUESTION = "What is the answer in the quickstart sample?";

  private final SimulatedInferenceNode node;
  private final PrintStream out;

  private QuickstartInference(SimulatedInferenceNode node, PrintStream out) {
    this.node = node;
    this.out = out;
  }

  /** The node started and the registry key published; null when the quickstart has no inference. */
  static QuickstartInference start(Map<String, String> env, PrintStream out) throws Exception {
    EnvironmentReader read = new EnvironmentReader(env);
    String inference = read.text("QUICKSTART_INFERENCE");
    if (inference == null) {
      return null;
    }
    String rpc = read.text("NODE_RPC_URL");
    String registry = read.text("NODE_DATA_REGISTRY");
    Secret maintainer = read.secret("NODE_MAINTAINER_KEY");
    SimulatedInferenceNode node =
        SimulatedInferenceNode.start(
            InferenceNodeSettings.of(
                    rpc, registry, inference, read.secret("QUICKSTART_INFERENCE_NODE_KEY").reveal())
                .withMaintainerKey(maintainer.reveal()));
    Web3j web3 = Web3j.build(new HttpService(rpc));
    try {
      var credentials = Credentials.create(maintainer.reveal());
      String data =
          DataRegistry.load(
                  registry,
                  web3,
                  new ReadonlyTransactionManager(web3, credentials.getAddress()),
                  new DefaultGasProvider())
              .updatePublicKey(node.publicKeyPem())
              .encodeFunctionCall();
      new NodeSender(
              web3,
              credentials,
              read.number("NODE_CHAIN_ID", SimulatedNodeSettings.DEVNET_CHAIN_ID),
              Duration.ofMinutes(1))
          .send("updatePublicKey", registry, data);
    } finally {
      web3.shutdown();
    }
    out.println(
        "quickstart: simulated inference node "
            + node.address()
            + " at "
            + node.url()
            + "; its RSA key is the DataRegistry's");
    return new QuickstartInference(node, out);
  }

  /**
   * Asks the service about {@code token}'s data and prints the answer; false if it did not answer.
   */
  boolean ask(String base, String apiKey, String token) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String path = "/api/v1/tokens/" + token + "/chat/completions";
    String body =
        "{\"model\":\"any\",\"messages\":[{\"role\":\"user\",\"content\":\"" + QUESTION + "\"}]}";
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    out.println("quickstart: asked POST " + path + ": \"" + QUESTION + "\"");
    if (answer.statusCode() != 200) {
      out.println("quickstart: FAILED: HTTP " + answer.statusCode() + " " + answer.body());
      return false;
    }
    JsonNode completion = JSON.readTree(answer.body());
    out.println(
        "quickstart: the inference node answered: "
            + completion.at("/choices/0/message/content").asString());
    JsonNode mint =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/mints/" + token)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    out.println("quickstart: the token's usage so far: " + mint.path("usage"));
    return true;
  }

  @Override
  public void close() {
    node.close();
  }
}
