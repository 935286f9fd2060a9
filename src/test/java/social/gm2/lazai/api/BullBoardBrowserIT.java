package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.mint.jobs.LazaiQueues;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.Queues;
import social.gm2.lazai.support.BullPeer;
import social.gm2.lazai.support.NodePeer;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bull Board at /admin/queues in a real browser (Debian's chromium, headless, playwright-core from
 * {@code interop/bull-board.js}): refused without the key; with the key as the Basic password the
 * stock UI lists the three queues and shows a failed job's reason (its plaintext never); its Retry
 * button sends the job back, a Node worker completes it, and the UI lists it as completed.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BullBoardBrowserIT {
  private static final String KEY = "board-it-key-" + java.util.UUID.randomUUID();
  private static final String DATABASE = TestServices.createDatabase();
  private static final String SECRET = "board-browser-plaintext";
  private static final String JOB_NAME = "retry-me-" + java.util.UUID.randomUUID();

  @LocalServerPort int port;
  @Autowired Queues queues;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    TestServices.register(registry, DATABASE);
    registry.add("lazai.chain.rpc-url", () -> "http://127.0.0.1:9/");
    registry.add("lazai.api.keys", () -> KEY);
    // The jobs are run by Node workers, which fail the first attempt and complete the retry.
    registry.add("lazai.queue.workers-enabled", () -> "false");
    registry.add("lazai.storage.provider", () -> "local");
    registry.add(
        "lazai.storage.local.directory",
        () -> System.getProperty("java.io.tmpdir") + "/board-it-" + DATABASE);
  }

  @AfterAll
  static void drop() {
    TestServices.dropDatabase(DATABASE);
  }

  @Test
  void theStockUiListsTheQueuesShowsAFailedJobAndRetriesIt() throws Exception {
    String mint = LazaiQueues.MINT_DAT;
    String prefix = TestServices.queuePrefix(DATABASE);
    ObjectNode data = JsonMapper.shared().createObjectNode();
    data.put("tokenAddress", "0x" + "ab".repeat(20)).put("privacyData", SECRET).put("fail", 1);
    String id =
        new BullPeer(prefix, mint).add(List.of(new BullPeer.Job(JOB_NAME, data, null))).get(0);
    node(prefix, mint, 30_000);
    var queue = queues.queue(mint);
    var failed = queue.job(id).orElseThrow();
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.failedReason()).isEqualTo("node boom 0");

    // A Node worker waits for the job the browser retries: its first attempt failed, so its second
    // (attempts made are kept by a retry) completes.
    CompletableFuture<JsonNode> worker =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return node(prefix, mint, 120_000);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    NodePeer.Result run =
        NodePeer.run(
                "bull-board.js",
                Map.of(
                    "BOARD_URL",
                    "http://127.0.0.1:" + port + "/admin/queues",
                    "BOARD_KEY",
                    KEY,
                    "FAILED_QUEUE",
                    mint,
                    "FAILED_NAME",
                    JOB_NAME,
                    "FAILED_REASON",
                    "node boom 0",
                    "RETRY",
                    "1",
                    "TIMEOUT_MS",
                    "60000",
                    "SCREENSHOT",
                    java.nio.file.Path.of("target/bull-board-failed.png")
                        .toAbsolutePath()
                        .toString()),
                "")
            .orThrow();
    JsonNode seen = JsonMapper.shared().readTree(run.stdout());
    assertThat(seen.path("anonymous").asString()).isIn("refused", "401");
    assertThat(seen.path("queues").asBoolean()).isTrue();
    assertThat(seen.path("failedReason").asBoolean()).isTrue();
    assertThat(seen.path("retryStatus").asInt()).isEqualTo(204);
    assertThat(seen.path("completed").asBoolean()).isTrue();
    assertThat(seen.path("text").asString()).doesNotContain(SECRET);
    assertThat(seen.path("completedText").asString()).doesNotContain(SECRET);
    JsonNode ran = worker.get(2, TimeUnit.MINUTES).path("jobs").get(0);
    assertThat(ran.path("id").asString()).isEqualTo(id);
    assertThat(ran.path("state").asString()).isEqualTo("completed");
    assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    System.out.println("Bull Board console errors: " + seen.path("errors"));
  }

  /** A Node worker (bullmq 6) on {@code queue} until one job completed or failed for good. */
  private static JsonNode node(String prefix, String queue, int timeoutMs) throws Exception {
    ObjectNode command = JsonMapper.shared().createObjectNode();
    command.put("cmd", "work").put("version", "6").put("prefix", prefix).put("queue", queue);
    command.put("expect", 1).put("timeoutMs", timeoutMs);
    return BullPeer.run(command);
  }
}
