package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.mint.jobs.LazaiQueues;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.Queues;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.NodePeer;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bull Board at /admin/queues in a real browser (Debian's chromium, headless, playwright-core from
 * {@code interop/bull-board.js}): refused without the key; with the key as the Basic password the
 * stock UI lists the three queues and shows a failed job's reason, and its plaintext never.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BullBoardBrowserIT {
  private static final String KEY = "board-it-key-" + java.util.UUID.randomUUID();
  private static final String DATABASE = TestServices.createDatabase();
  private static final String SECRET = "board-browser-plaintext";

  @LocalServerPort int port;
  @Autowired Queues queues;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    TestServices.register(registry, DATABASE);
    registry.add("lazai.chain.rpc-url", () -> "http://127.0.0.1:9/");
    registry.add("lazai.api.keys", () -> KEY);
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
  void theStockUiListsTheQueuesAndAFailedJob() throws Exception {
    var queue = queues.queue(LazaiQueues.MINT_DAT);
    String id =
        queue.add(
            "bad",
            "{\"tokenAddress\":\"not-an-address\",\"privacyData\":\"" + SECRET + "\"}",
            JobOptions.defaults());
    var failed =
        Await.until(
            Duration.ofSeconds(60),
            () -> queue.job(id).orElse(null),
            j -> j != null && j.state() == JobState.FAILED);
    String reason = failed.failedReason();
    assertThat(reason).isNotBlank();

    NodePeer.Result run =
        NodePeer.run(
                "bull-board.js",
                Map.of(
                    "BOARD_URL",
                    "http://127.0.0.1:" + port + "/admin/queues",
                    "BOARD_KEY",
                    KEY,
                    "FAILED_QUEUE",
                    LazaiQueues.MINT_DAT,
                    "FAILED_REASON",
                    reason.length() > 40 ? reason.substring(0, 40) : reason,
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
    assertThat(seen.path("text").asString()).doesNotContain(SECRET);
    System.out.println("Bull Board console errors: " + seen.path("errors"));
  }
}
