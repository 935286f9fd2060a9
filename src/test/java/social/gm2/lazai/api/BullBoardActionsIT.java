package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.mint.jobs.LazaiQueues;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.bullmq.BullMqQueues;
import social.gm2.lazai.queue.bullmq.RedisQueues;
import social.gm2.lazai.support.BullPeer;
import social.gm2.lazai.support.NodeBullBoard;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bull Board's actions in our Java API, each checked with Node on the same Redis: Node's bullmq
 * ({@code Queue.getJob}, {@code getJobCounts}, {@code isPaused}, a Node worker) sees a job we
 * promoted as waiting, one we removed or cleaned as gone, our pause and resume, and the jobs of our
 * retry-all run again; Node's Bull Board (express, over HTTP) reports the same counts as ours after
 * every action. BullMQ 6's layout, as Node's Bull Board reads it.
 */
class BullBoardActionsIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RedisQueues REDIS = new RedisQueues();
  private static final String MINT = LazaiQueues.MINT_DAT;
  private static final String FETCH = LazaiQueues.FETCH_ATTESTATOR;

  @AfterAll
  static void cleanUp() {
    REDIS.deleteKeys();
  }

  @Test
  void nodeSeesWhatOurActionsDid() throws Exception {
    BullPeer mintPeer = new BullPeer(REDIS.prefix, MINT);
    List<String> later =
        mintPeer.add(List.of(job("later-1", 0, 3_600_000), job("later-2", 0, 3_600_000)));
    List<String> run =
        mintPeer.add(List.of(job("ok-1", 0, 0), job("ok-2", 0, 0), job("bad", 1, 0)));
    node("6", "work", MINT, "{\"expect\":3}");

    try (BullMqQueues queues = REDIS.open(false);
        NodeBullBoard nodeBoard = NodeBullBoard.start(REDIS.prefix, QueueController.QUEUES)) {
      BullBoardController board = new BullBoardController(queues, JSON);
      // Ten seconds ahead: Bull Board's clean keeps what finished in its last 5 s.
      BullBoardActions actions =
          new BullBoardActions(queues, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10)));
      assertSame(board, nodeBoard);
      assertThat(counts(board, MINT).path("delayed").asLong()).isEqualTo(2);

      assertThat(actions.promote(MINT, later.get(0), BullBoardIT.REQUEST).getStatusCode().value())
          .isEqualTo(204);
      assertThat(nodeJob(MINT, later.get(0)).path("state").asString()).isEqualTo("waiting");
      assertThatThrownBy(() -> actions.promote(MINT, run.get(0), BullBoardIT.REQUEST))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("completed");
      assertSame(board, nodeBoard);

      assertThat(actions.remove(MINT, run.get(0), BullBoardIT.REQUEST).getStatusCode().value())
          .isEqualTo(204);
      assertThat(nodeJob(MINT, run.get(0)).path("state").asString()).isEqualTo("missing");
      assertThatThrownBy(() -> actions.remove(MINT, run.get(0), BullBoardIT.REQUEST))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("no job");
      assertSame(board, nodeBoard);

      actions.clean(MINT, "delayed", BullBoardIT.REQUEST);
      assertThat(nodeJob(MINT, later.get(1)).path("state").asString()).isEqualTo("missing");
      actions.clean(MINT, "completed", BullBoardIT.REQUEST);
      assertThat(nodeJob(MINT, run.get(1)).path("state").asString()).isEqualTo("missing");
      assertThatThrownBy(() -> actions.clean(MINT, "waiting", BullBoardIT.REQUEST))
          .isInstanceOf(ApiException.class);
      assertThat(counts(board, MINT).path("failed").asLong()).isEqualTo(1);
      assertSame(board, nodeBoard);

      actions.pause(FETCH, BullBoardIT.REQUEST);
      BullPeer fetchPeer = new BullPeer(REDIS.prefix, FETCH);
      List<String> held = fetchPeer.add(List.of(job("held", 0, 0)));
      JsonNode seen = fetchPeer.jobs(held);
      assertThat(seen.path("paused").asBoolean()).isTrue();
      assertThat(seen.path("jobs").get(0).path("state").asString()).isEqualTo("waiting");
      assertThat(nodeBoard.queue(FETCH).path("isPaused").asBoolean()).isTrue();
      assertSame(board, nodeBoard);
      actions.resume(FETCH, BullBoardIT.REQUEST);
      assertThat(fetchPeer.jobs(held).path("paused").asBoolean()).isFalse();
      assertSame(board, nodeBoard);

      assertThat(actions.retryAll(MINT, "failed", BullBoardIT.REQUEST))
          .containsEntry("retried", 1L);
      assertSame(board, nodeBoard);
      JsonNode rerun = node("6", "work", MINT, "{\"expect\":2}").path("jobs");
      List<String> done = new ArrayList<>();
      rerun.forEach(j -> done.add(j.path("id").asString() + " " + j.path("state").asString()));
      assertThat(done)
          .containsExactlyInAnyOrder(run.get(2) + " completed", later.get(0) + " completed");
      node("6", "work", FETCH, "{\"expect\":1}");
      assertSame(board, nodeBoard);
    }
  }

  /**
   * The service's default layout (BullMQ 5's paused list) with Node's bullmq 5.81.5: our pause
   * moves the waiting job where Node 5 keeps a paused queue's jobs, Node 5 adds to it while paused,
   * our resume brings both back, and a Node 5 worker runs them.
   */
  @Test
  void pauseInBullMq5sLayoutIsNodeBullMq5s() throws Exception {
    String queueName = "legacy-pause";
    try (BullMqQueues queues = REDIS.open(true)) {
      JobQueue queue = queues.queue(queueName);
      String first = queue.add("first", "{\"fail\":0}", JobOptions.defaults());
      queue.pause();
      JsonNode add =
          node("5", "add", queueName, "{\"jobs\":[{\"name\":\"second\",\"data\":{\"fail\":0}}]}");
      String second = add.path("ids").get(0).asString();

      JsonNode paused =
          node("5", "jobs", queueName, "{\"ids\":[\"" + first + "\",\"" + second + "\"]}");
      assertThat(paused.path("paused").asBoolean()).isTrue();
      assertThat(paused.path("counts").path("paused").asLong()).isEqualTo(2);
      assertThat(paused.path("counts").path("waiting").asLong()).isZero();
      assertThat(queue.ids(JobState.WAITING, 0, 10)).containsExactly(second, first);
      assertThat(queue.counts()).containsEntry(JobState.WAITING, 2L);

      queue.resume();
      JsonNode resumed = node("5", "jobs", queueName, "{\"ids\":[\"" + first + "\"]}");
      assertThat(resumed.path("paused").asBoolean()).isFalse();
      assertThat(resumed.path("counts").path("waiting").asLong()).isEqualTo(2);
      assertThat(resumed.path("counts").path("paused").asLong()).isZero();
      JsonNode ran = node("5", "work", queueName, "{\"expect\":2}").path("jobs");
      List<String> done = new ArrayList<>();
      ran.forEach(j -> done.add(j.path("id").asString() + " " + j.path("state").asString()));
      assertThat(done).containsExactly(first + " completed", second + " completed");
    }
  }

  private static void assertSame(BullBoardController board, NodeBullBoard nodeBoard)
      throws Exception {
    BullBoardIT.assertSameCounts(
        JSON.valueToTree(board.queues(null, null, 1, 10)).path("queues"), nodeBoard.queues());
  }

  private static JsonNode counts(BullBoardController board, String queue) {
    for (JsonNode q : JSON.valueToTree(board.queues(null, null, 1, 10)).path("queues")) {
      if (q.path("name").asString().equals(queue)) {
        return q.path("counts");
      }
    }
    throw new AssertionError("no queue " + queue);
  }

  private static JsonNode nodeJob(String queue, String id) throws Exception {
    return new BullPeer(REDIS.prefix, queue).jobs(List.of(id)).path("jobs").get(0);
  }

  private static BullPeer.Job job(String name, int fail, long delayMs) {
    ObjectNode data = JSON.createObjectNode().put("fail", fail);
    ObjectNode opts = JSON.createObjectNode();
    if (delayMs > 0) {
      opts.put("delay", delayMs);
    }
    return new BullPeer.Job(name, data, opts);
  }

  /** One command of interop/bullmq-peer.js with Node's bullmq {@code version} (5 or 6). */
  private static JsonNode node(String version, String cmd, String queue, String extra)
      throws Exception {
    ObjectNode command = (ObjectNode) JSON.readTree(extra);
    command.put("cmd", cmd).put("version", version).put("prefix", REDIS.prefix);
    command.put("queue", queue).put("timeoutMs", 30000);
    return BullPeer.run(command);
  }
}
