package social.gm2.lazai.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Hardhat 2 node (chain id 133718, from {@code devnet/}) on a free loopback port, in a
 * process group of its own so that closing it stops every process it started.
 */
public final class HardhatNode implements AutoCloseable {
  public static final Path DEVNET = Path.of("devnet").toAbsolutePath();

  /** Hardhat's published development keys (accounts #0–#7): test only, worthless. */
  public static final List<String> KEYS =
      List.of(
          "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
          "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
          "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
          "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
          "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
          "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
          "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final Process process;
  private final int port;
  private final Path log;

  private HardhatNode(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static HardhatNode start() throws IOException {
    Path hardhat = DEVNET.resolve("node_modules/.bin/hardhat");
    if (!Files.exists(hardhat)) {
      throw new IllegalStateException("Hardhat is not installed: run `npm ci` in " + DEVNET);
    }
    int port = freePort();
    Path log = Files.createTempFile("hardhat-" + port + "-", ".log");
    Process process =
        new ProcessBuilder(
                "setsid",
                hardhat.toString(),
                "node",
                "--hostname",
                "127.0.0.1",
                "--port",
                Integer.toString(port))
            .directory(DEVNET.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    HardhatNode node = new HardhatNode(process, port, log);
    try {
      Await.until(Duration.ofSeconds(90), () -> node.rpc("eth_chainId"), r -> r.has("result"));
      return node;
    } catch (AssertionError e) {
      node.close();
      throw new IllegalStateException("Hardhat did not start: " + Files.readString(log), e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Mines a block every {@code millis} instead of one per transaction. */
  public void intervalMining(long millis) throws IOException, InterruptedException {
    rpc("evm_setAutomine", "false");
    rpc("evm_setIntervalMining", Long.toString(millis));
  }

  /** Calls a JSON-RPC method with raw JSON parameters and returns the whole answer. */
  public JsonNode rpc(String method, String... jsonParams)
      throws IOException, InterruptedException {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
            + method
            + "\",\"params\":["
            + String.join(",", jsonParams)
            + "]}";
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url()))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JsonMapper.shared().readTree(response.body());
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    signalGroup("-TERM");
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        signalGroup("-KILL");
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void signalGroup(String signal) {
    PeerProcess.signalGroup(process, signal);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
