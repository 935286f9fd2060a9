package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import social.gm2.lazai.mint.jobs.LazaiQueues;
import social.gm2.lazai.queue.Backoff;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.memory.MemoryQueues;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bull Board over the in-memory queues (the quickstart's): the list, a job with its options, and
 * the actions, through the same controllers as on Redis.
 */
class BullBoardMemoryTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final MockHttpServletRequest REQUEST = new MockHttpServletRequest();

  private final MemoryQueues queues = new MemoryQueues(Clock.systemUTC());

  @AfterEach
  void close() {
    queues.close();
  }

  @Test
  void listsShowsOptionsAndActsOnTheInMemoryQueues() throws Exception {
    BullBoardController board = new BullBoardController(queues, JSON);
    BullBoardActions actions = new BullBoardActions(queues, Clock.systemUTC());
    JobQueue mint = queues.queue(LazaiQueues.MINT_DAT);
    String later =
        mint.add(
            "later",
            "{\"privacyData\":\"secret\"}",
            JobOptions.defaults()
                .withDelay(Duration.ofHours(1))
                .withAttempts(2, Backoff.fixed(1000)));
    String waiting = mint.add("now", "{}", JobOptions.defaults());

    JsonNode job = JSON.valueToTree(board.job(LazaiQueues.MINT_DAT, later)).path("job");
    assertThat(job.path("opts").path("attempts").asInt()).isEqualTo(2);
    assertThat(job.path("opts").path("delay").asLong()).isEqualTo(3_600_000L);
    assertThat(job.path("data").path("privacyData").asString()).isEqualTo("[6 bytes]");

    actions.promote(LazaiQueues.MINT_DAT, later, REQUEST);
    assertThat(counts(board).path("waiting").asLong()).isEqualTo(2);
    assertThat(counts(board).path("delayed").asLong()).isZero();
    actions.remove(LazaiQueues.MINT_DAT, waiting, REQUEST);
    assertThat(counts(board).path("waiting").asLong()).isEqualTo(1);
    assertThatThrownBy(() -> actions.remove(LazaiQueues.MINT_DAT, waiting, REQUEST))
        .isInstanceOf(ApiException.class);

    actions.pauseAll(REQUEST);
    JsonNode list = JSON.valueToTree(board.queues(null, null, 1, 10)).path("queues");
    assertThat(list).hasSize(3).allMatch(q -> q.path("isPaused").asBoolean());
    actions.resume(LazaiQueues.MINT_DAT, REQUEST);
    assertThat(mint.isPaused()).isFalse();
    assertThat(queues.queue(LazaiQueues.FETCH_ATTESTATOR).isPaused()).isTrue();
    assertThatThrownBy(() -> actions.pause("no-such-queue", REQUEST))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> actions.unsupported())
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("Not supported");
  }

  private static JsonNode counts(BullBoardController board) {
    return JSON.valueToTree(board.queues(null, null, 1, 10)).path("queues").get(0).path("counts");
  }
}
