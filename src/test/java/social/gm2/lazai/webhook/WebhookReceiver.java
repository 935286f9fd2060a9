package social.gm2.lazai.webhook;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import social.gm2.lazai.support.PeerProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code interop/webhook-receiver.js}: a real subscriber that verifies each request with the
 * official Standard Webhooks library, in a process group of its own.
 */
final class WebhookReceiver implements AutoCloseable {
  private final PeerProcess process;

  private WebhookReceiver(PeerProcess process) {
    this.process = process;
  }

  /** Listens on {@code port} with the secret of each path. */
  static WebhookReceiver start(int port, Map<String, String> secretsByPath) throws IOException {
    return start(port, secretsByPath, 0);
  }

  /** The same, answering the first {@code failFirst} verified requests 500 after recording them. */
  static WebhookReceiver start(int port, Map<String, String> secretsByPath, int failFirst)
      throws IOException {
    String secrets = JsonMapper.shared().writeValueAsString(secretsByPath);
    PeerProcess process =
        PeerProcess.node(
            "webhook-receiver.js",
            Map.of("SECRETS", secrets, "FAIL_FIRST", Integer.toString(failFirst)),
            Integer.toString(port));
    JsonNode ready = process.answer();
    if (!ready.has("listening")) {
      process.close();
      throw new IllegalStateException("the receiver did not start: " + ready);
    }
    return new WebhookReceiver(process);
  }

  /** A request the library verified. */
  record Received(String path, String id, long timestamp, String type, String body) {}

  List<Received> accepted() throws IOException {
    List<Received> all = new ArrayList<>();
    for (JsonNode r : process.ask(Map.of("cmd", "received")).get("accepted")) {
      all.add(
          new Received(
              r.get("path").asString(),
              r.get("id").asString(),
              Long.parseLong(r.get("timestamp").asString()),
              r.get("type").asString(),
              r.get("body").asString()));
    }
    return all;
  }

  /** Why the library refused each request it refused. */
  List<String> rejected() throws IOException {
    List<String> reasons = new ArrayList<>();
    for (JsonNode r : process.ask(Map.of("cmd", "received")).get("rejected")) {
      reasons.add(r.get("path").asString() + ": " + r.get("reason").asString());
    }
    return reasons;
  }

  @Override
  public void close() {
    process.close();
  }
}
