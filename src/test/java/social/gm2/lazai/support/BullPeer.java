package social.gm2.lazai.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A producer and observer with Node's real {@code bullmq} (6.x, {@code interop/bullmq-peer.js}), as
 * the original service's producers are: {@link #add} queues jobs with {@code Queue.add} and returns
 * at once; {@link #jobs} reads them back with {@code Queue.getJob} as Node sees them.
 */
public final class BullPeer {
  private static final JsonMapper JSON = JsonMapper.shared();

  private final String prefix;
  private final String queue;

  /** The peer for {@code queue} under the key {@code prefix} (the service's lazai.queue.prefix). */
  public BullPeer(String prefix, String queue) {
    if (prefix == null || prefix.isBlank() || queue == null || queue.isBlank()) {
      throw new IllegalArgumentException("a prefix and a queue name are required");
    }
    this.prefix = prefix;
    this.queue = queue;
  }

  /** One job to add: its name, data and BullMQ options (JSON objects). */
  public record Job(String name, JsonNode data, JsonNode opts) {}

  /** Adds the jobs in order with {@code Queue.add}; their ids. */
  public List<String> add(List<Job> jobs) throws IOException, InterruptedException {
    ObjectNode command = command("add");
    ArrayNode list = command.putArray("jobs");
    for (Job job : jobs) {
      ObjectNode j = list.addObject();
      j.put("name", job.name());
      j.set("data", job.data());
      j.set("opts", job.opts() == null ? JSON.createObjectNode() : job.opts());
    }
    List<String> ids = new ArrayList<>();
    run(command).path("ids").forEach(id -> ids.add(id.asString()));
    return ids;
  }

  /**
   * The jobs as Node's {@code getJob} reads them ({@code id, name, data, state, attemptsMade,
   * returnvalue, failedReason, timestamp, processedOn, finishedOn}), in the order asked, under
   * {@code jobs}, and the queue's counts under {@code counts}.
   */
  public JsonNode jobs(List<String> ids) throws IOException, InterruptedException {
    ObjectNode command = command("jobs");
    ArrayNode list = command.putArray("ids");
    ids.forEach(list::add);
    return run(command);
  }

  private ObjectNode command(String cmd) {
    ObjectNode command = JSON.createObjectNode();
    command.put("cmd", cmd).put("version", "6").put("prefix", prefix).put("queue", queue);
    return command;
  }

  /** Runs one command of {@code interop/bullmq-peer.js} against the test Redis; its answer. */
  public static JsonNode run(JsonNode command) throws IOException, InterruptedException {
    String out =
        NodePeer.run(
                "bullmq-peer.js",
                Map.of(
                    "TEST_REDIS_HOST", TestServices.redisHost(),
                    "TEST_REDIS_PORT", Integer.toString(TestServices.redisPort())),
                command.toString())
            .orThrow()
            .stdout();
    return JSON.readTree(out);
  }
}
