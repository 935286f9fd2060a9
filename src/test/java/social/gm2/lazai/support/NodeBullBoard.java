package social.gm2.lazai.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Node Bull Board ({@code interop/bull-board-server.js}: {@code @bull-board/api} with its
 * express adapter over bullmq 6) serving {@code queues} under a key prefix on the test Redis, on a
 * free port, in a process group of its own; {@link #queues()} reads its HTTP API.
 */
public final class NodeBullBoard implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.shared();

  private final PeerProcess process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private NodeBullBoard(PeerProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static NodeBullBoard start(String prefix, List<String> queues) throws IOException {
    PeerProcess process =
        PeerProcess.node(
            "bull-board-server.js",
            Map.of(
                "PREFIX", prefix,
                "QUEUES", String.join(",", queues),
                "TEST_REDIS_HOST", TestServices.redisHost(),
                "TEST_REDIS_PORT", Integer.toString(TestServices.redisPort())));
    JsonNode ready = process.answer();
    if (!ready.has("listening")) {
      process.close();
      throw new IllegalStateException("Node's Bull Board did not start: " + ready);
    }
    return new NodeBullBoard(process, ready.get("listening").asInt());
  }

  /** {@code GET /api/queues}: every queue with its counts, as the UI reads them. */
  public JsonNode queues() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/queues"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Node's Bull Board answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body()).path("queues");
  }

  /** One queue of {@link #queues()}. */
  public JsonNode queue(String name) throws IOException, InterruptedException {
    for (JsonNode q : queues()) {
      if (q.path("name").asString().equals(name)) {
        return q;
      }
    }
    throw new IllegalStateException("Node's Bull Board has no queue " + name);
  }

  @Override
  public void close() {
    process.close();
  }
}
