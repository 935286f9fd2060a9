package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import social.gm2.lazai.mint.jobs.LazaiQueues;
import social.gm2.lazai.queue.bullmq.BullMqQueues;
import social.gm2.lazai.queue.bullmq.RedisQueues;
import social.gm2.lazai.support.BullPeer;
import social.gm2.lazai.support.NodeBullBoard;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Our Bull Board API and the real one on the same Redis (Node's {@code @bull-board/api} with its
 * express adapter, read over HTTP, and its BullMQAdapter): jobs added by Node's bullmq, some
 * completed and one failed by a Node worker, others left waiting; both report the same counts for
 * the three queues, before and after our retry, and the same completed and failed jobs, and ours
 * never shows {@code privacyData}.
 */
class BullBoardIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RedisQueues REDIS = new RedisQueues();
  private static final String SECRET = "plaintext-that-must-not-leave";
  static final MockHttpServletRequest REQUEST = new MockHttpServletRequest();

  @AfterAll
  static void cleanUp() {
    REDIS.deleteKeys();
  }

  @Test
  @SuppressWarnings("unchecked")
  void reportsWhatNodeBullBoardReports() throws Exception {
    String mint = LazaiQueues.MINT_DAT;
    String fetch = LazaiQueues.FETCH_ATTESTATOR;
    List<BullPeer.Job> jobs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ObjectNode data = JSON.createObjectNode();
      data.put("tokenAddress", "0x" + "ab".repeat(20));
      data.put("privacyData", SECRET + i);
      data.put("fail", i == 1 ? 1 : 0);
      jobs.add(new BullPeer.Job("mint-" + i, data, null));
    }
    new BullPeer(REDIS.prefix, mint).add(jobs);
    node("work", mint, "{\"expect\":3}");
    new BullPeer(REDIS.prefix, fetch)
        .add(
            List.of(
                new BullPeer.Job("fetch-a", JSON.readTree("{\"n\":1}"), null),
                new BullPeer.Job("fetch-b", JSON.readTree("{\"n\":2}"), null)));

    try (BullMqQueues queues = REDIS.open();
        NodeBullBoard nodeBoard = NodeBullBoard.start(REDIS.prefix, QueueController.QUEUES)) {
      BullBoardController board = new BullBoardController(queues, JSON);
      BullBoardActions actions = new BullBoardActions(queues, Clock.systemUTC());
      Map<String, Object> all = board.queues(mint, "latest", 1, 10);
      JsonNode ours = JSON.valueToTree(all).path("queues");
      assertThat(ours).hasSize(3);
      assertSameCounts(ours, nodeBoard.queues());
      assertThat(ours.get(0).path("counts").path("completed").asLong()).isEqualTo(2);
      assertThat(ours.get(0).path("counts").path("failed").asLong()).isEqualTo(1);
      assertThat(ours.get(1).path("counts").path("waiting").asLong()).isEqualTo(2);

      JsonNode theirJobs = node("board", mint, "{}").path("jobs");
      JsonNode failedPage = JSON.valueToTree(board.queues(mint, "failed", 1, 10));
      JsonNode failed = failedPage.path("queues").get(0).path("jobs");
      assertThat(failed).hasSize(1);
      JsonNode theirFailed = byId(theirJobs, failed.get(0).path("id").asString());
      assertThat(failed.get(0).path("failedReason").asString())
          .isEqualTo(theirFailed.path("failedReason").asString())
          .isEqualTo("node boom 0");
      assertThat(failed.get(0).path("stacktrace").toString())
          .isEqualTo(theirFailed.path("stacktrace").toString());
      assertThat(failed.get(0).path("data").path("privacyData").asString())
          .isEqualTo("[" + (SECRET + "1").length() + " bytes]");

      JsonNode completedPage = JSON.valueToTree(board.queues(mint, "completed", 1, 1));
      JsonNode first = completedPage.path("queues").get(0);
      assertThat(first.path("pagination").path("pageCount").asInt()).isEqualTo(2);
      assertThat(first.path("jobs")).hasSize(1);
      JsonNode one = first.path("jobs").get(0);
      assertThat(one.path("returnValue").toString())
          .isEqualTo(byId(theirJobs, one.path("id").asString()).path("returnValue").toString());

      JsonNode detail = JSON.valueToTree(board.job(mint, failed.get(0).path("id").asString()));
      assertThat(detail.path("status").asString()).isEqualTo("failed");
      assertThat(detail.path("job").path("attempts").asInt()).isEqualTo(1);
      assertThat(JSON.writeValueAsString(all)).doesNotContain(SECRET);
      assertThat(JSON.writeValueAsString(failedPage)).doesNotContain(SECRET);
      assertThat(JSON.writeValueAsString(completedPage)).doesNotContain(SECRET);
      assertThat(detail.toString()).doesNotContain(SECRET);

      String failedId = failed.get(0).path("id").asString();
      String completedId = one.path("id").asString();
      assertThatThrownBy(() -> actions.retry(mint, completedId, REQUEST))
          .isInstanceOf(ApiException.class);
      assertThat(actions.retry(mint, failedId, REQUEST).getStatusCode().value()).isEqualTo(204);
      assertThat(nodeBoard.queue(mint).path("counts").path("failed").asLong()).isZero();
      assertThat(nodeBoard.queue(mint).path("counts").path("waiting").asLong()).isEqualTo(1);
      assertSameCounts(
          JSON.valueToTree(board.queues(null, null, 1, 10)).path("queues"), nodeBoard.queues());
      JsonNode rerun = node("work", mint, "{\"expect\":1}").path("jobs");
      // Retried with its attempt kept (as Node's Job.retry): data.fail=1 no longer exceeds it.
      assertThat(byId(rerun, failedId).path("state").asString()).isEqualTo("completed");
      assertThat(JSON.valueToTree(board.job(mint, failedId)).path("status").asString())
          .isEqualTo("completed");
      assertThatThrownBy(() -> actions.retry(mint, "no-such-job", REQUEST))
          .isInstanceOf(ApiException.class);
      assertThatThrownBy(() -> board.job("no-such-queue", "1")).isInstanceOf(ApiException.class);
      assertThatThrownBy(() -> board.queues(mint, "bogus", 1, 10)).isInstanceOf(ApiException.class);
      assertThatThrownBy(() -> board.queues(mint, "latest", 1, 0)).isInstanceOf(ApiException.class);
    }
  }

  /** Ours and Node's Bull Board (over HTTP) report the same counts for every queue. */
  static void assertSameCounts(JsonNode ours, JsonNode theirs) {
    assertThat(ours).hasSameSizeAs(theirs);
    for (int i = 0; i < ours.size(); i++) {
      JsonNode q = ours.get(i);
      assertThat(theirs.get(i).path("name").asString()).isEqualTo(q.path("name").asString());
      for (String s :
          List.of("active", "waiting", "prioritized", "completed", "failed", "delayed")) {
        assertThat(q.path("counts").path(s).asLong())
            .as(q.path("name").asString() + " " + s)
            .isEqualTo(theirs.get(i).path("counts").path(s).asLong());
      }
      assertThat(q.path("isPaused").asBoolean())
          .as(q.path("name").asString() + " paused")
          .isEqualTo(theirs.get(i).path("isPaused").asBoolean());
    }
  }

  private static JsonNode node(String cmd, String queue, String extra) throws Exception {
    ObjectNode command = (ObjectNode) JSON.readTree(extra);
    command.put("cmd", cmd).put("version", "6").put("prefix", REDIS.prefix);
    command.put("queue", queue).put("timeoutMs", 30000);
    return BullPeer.run(command);
  }

  private static JsonNode byId(JsonNode jobs, String id) {
    for (JsonNode job : jobs) {
      if (job.path("id").asString().equals(id)) {
        return job;
      }
    }
    throw new AssertionError("no job " + id + " in " + jobs);
  }
}
