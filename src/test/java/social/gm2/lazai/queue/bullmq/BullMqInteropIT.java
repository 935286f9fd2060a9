package social.gm2.lazai.queue.bullmq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.gm2.lazai.queue.Backoff;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.KeepJobs;
import social.gm2.lazai.queue.NonRetryableJobException;
import social.gm2.lazai.queue.Worker;
import social.gm2.lazai.queue.WorkerOptions;
import social.gm2.lazai.support.BullPeer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Java queues and the real BullMQ (5.81.5 and 6.7.0) on one Redis: Node producers and {@code
 * QueueEvents} see what Java workers did, Node workers run what Java producers added, and Bull
 * Board's adapter reports Java-processed jobs.
 */
class BullMqInteropIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final RedisQueues REDIS = new RedisQueues();

  @AfterAll
  static void cleanUp() {
    REDIS.deleteKeys();
  }

  /** Fails while {@code data.fail} exceeds the attempts made; {@code data.fatal} fails for good. */
  private static String javaHandler(social.gm2.lazai.queue.Job job, List<Long> starts) {
    starts.add(System.currentTimeMillis());
    JsonNode data = JSON.readTree(job.data());
    if (data.path("fatal").asBoolean(false)) {
      throw new NonRetryableJobException("fatal payload");
    }
    if (data.path("fail").asInt(0) > job.attemptsMade()) {
      throw new IllegalStateException("java boom " + job.attemptsMade());
    }
    return "{\"java\":true,\"id\":\"" + job.id() + "\"}";
  }

  /**
   * The original service's cron as BullMQ 5 stores it (an add with a repeat option) beside a job
   * scheduler of another name: removing the cron's schedules leaves Node seeing neither it nor its
   * pending run, and the other schedule untouched.
   */
  @Test
  void removesTheOriginalsRepeatableJobAsNodeSeesIt() throws Exception {
    String queue = "interop-repeat-" + UUID.randomUUID();
    String cron = "lazai-cron-fetch-attestator";
    JsonNode before =
        node(
            "5",
            "repeat",
            queue,
            """
            {"jobs":[
              {"name":"%s","data":{},
               "opts":{"repeat":{"every":300000},"removeOnComplete":true,"removeOnFail":true}},
              {"name":"other","data":{},"opts":{"repeat":{"every":600000}}}
            ]}"""
                .formatted(cron));
    assertThat(before.path("repeatable")).hasSize(2);
    assertThat(before.path("delayed")).hasSize(2);
    try (BullMqQueues queues = REDIS.open()) {
      List<JobQueue.RemovedRepeatable> removed = queues.queue(queue).removeRepeatables(cron);
      assertThat(removed).hasSize(1);
      assertThat(removed.get(0).iterationState()).isEqualTo("delayed");
      assertThat(removed.get(0).iterationId()).startsWith("repeat:" + removed.get(0).key() + ":");
      assertThat(queues.queue(queue).removeRepeatables(cron)).isEmpty();
    }
    JsonNode after = node("5", "repeatables", queue, "{}");
    assertThat(after.path("repeatable")).hasSize(1);
    assertThat(after.path("repeatable").get(0).path("name").asString()).isEqualTo("other");
    assertThat(after.path("delayed")).hasSize(1);
    assertThat(after.path("delayed").get(0).path("name").asString()).isEqualTo("other");
  }

  @ParameterizedTest(name = "bullmq {0}")
  @ValueSource(strings = {"5", "6"})
  void nodeAddsAndWatchesJavaWorkerProcesses(String version) throws Exception {
    String queue = "interop-node-adds-" + UUID.randomUUID();
    Map<String, List<Long>> starts = new ConcurrentHashMap<>();
    try (BullMqQueues queues = REDIS.open()) {
      Worker worker =
          queues.worker(
              queue,
              job ->
                  javaHandler(
                      job, starts.computeIfAbsent(job.name(), n -> new CopyOnWriteArrayList<>())),
              new WorkerOptions(2, Duration.ofSeconds(5), Duration.ofSeconds(5), 1, "java-w1"));
      worker.start();
      try {
        JsonNode answer =
            node(
                version,
                "produce",
                queue,
                """
                {"jobs":[
                  {"name":"ok","data":{"n":1}},
                  {"name":"retry","data":{"fail":2},
                   "opts":{"attempts":3,"backoff":{"type":"exponential","delay":150}}},
                  {"name":"exhaust","data":{"fail":9},
                   "opts":{"attempts":2,"backoff":{"type":"fixed","delay":100},"removeOnFail":10}},
                  {"name":"fatal","data":{"fatal":true},"opts":{"attempts":3,"backoff":1000}},
                  {"name":"custom","data":{"n":2},"opts":{"jobId":"order-42"}}
                ]}""");

        JsonNode ok = byName(answer, "ok");
        assertThat(ok.path("state").asString()).isEqualTo("completed");
        assertThat(ok.path("attemptsMade").asInt()).isEqualTo(1);
        assertThat(ok.path("returnvalue").path("java").asBoolean()).isTrue();
        assertThat(ok.path("processedBy").asString()).isEqualTo("java-w1");
        assertThat(events(ok)).contains("active", "completed");
        JsonNode completedEvent = event(ok, "completed").get(0);
        assertThat(completedEvent.path("returnvalue").path("id").asString())
            .isEqualTo(ok.path("id").asString());

        JsonNode retry = byName(answer, "retry");
        assertThat(retry.path("state").asString()).isEqualTo("completed");
        assertThat(retry.path("attemptsMade").asInt()).isEqualTo(3);
        assertThat(retry.path("failedReason").asString()).isEqualTo("java boom 1");
        assertThat(retry.path("stacktrace").size()).isEqualTo(2);
        List<JsonNode> delayed = event(retry, "delayed");
        assertThat(delayed).hasSize(2);
        // The delayed event carries the due time (the worker's clock); the stream id the time
        // Redis wrote it, a little later on a busy machine. The starts below check the backoff.
        assertThat(due(delayed.get(0))).isBetween(100L, 400L);
        assertThat(due(delayed.get(1))).isBetween(250L, 600L);
        List<Long> javaStarts = starts.get("retry");
        assertThat(javaStarts.get(1) - javaStarts.get(0)).isGreaterThanOrEqualTo(150);
        assertThat(javaStarts.get(2) - javaStarts.get(1)).isGreaterThanOrEqualTo(300);

        JsonNode exhaust = byName(answer, "exhaust");
        assertThat(exhaust.path("state").asString()).isEqualTo("failed");
        assertThat(exhaust.path("attemptsMade").asInt()).isEqualTo(2);
        assertThat(exhaust.path("failedReason").asString()).isEqualTo("java boom 1");
        assertThat(exhaust.path("stacktrace").size()).isEqualTo(2);
        assertThat(events(exhaust)).contains("failed", "retries-exhausted");

        JsonNode fatal = byName(answer, "fatal");
        assertThat(fatal.path("state").asString()).isEqualTo("failed");
        assertThat(fatal.path("attemptsMade").asInt()).isEqualTo(1);
        assertThat(fatal.path("failedReason").asString()).isEqualTo("fatal payload");

        assertThat(byName(answer, "custom").path("id").asString()).isEqualTo("order-42");
        assertThat(answer.path("counts").path("completed").asInt()).isEqualTo(3);
        assertThat(answer.path("counts").path("failed").asInt()).isEqualTo(2);

        JsonNode board = node(version, "board", queue, "{}");
        assertThat(board.path("counts").path("completed").asInt()).isEqualTo(3);
        assertThat(board.path("counts").path("failed").asInt()).isEqualTo(2);
        assertThat(board.path("jobs").size()).isEqualTo(5);
        assertThat(board.path("workers").toString()).contains("java-w1");
        for (JsonNode card : board.path("jobs")) {
          JsonNode seen = byId(answer, card.path("id").asString());
          assertThat(card.path("attempts").asInt()).isEqualTo(seen.path("attemptsMade").asInt());
          assertThat(card.path("name").asString()).isEqualTo(seen.path("name").asString());
          assertThat(card.path("processedBy").asString()).isEqualTo("java-w1");
          assertThat(card.path("isFailed").asBoolean())
              .isEqualTo(
                  seen.path("state").asString().equals("failed")
                      || seen.path("name").asString().equals("retry"));
          if (seen.path("state").asString().equals("failed")) {
            assertThat(card.path("failedReason").asString())
                .isEqualTo(seen.path("failedReason").asString());
          } else {
            assertThat(card.path("returnValue").toString())
                .isEqualTo(seen.path("returnvalue").toString());
          }
        }
      } finally {
        worker.close(Duration.ofSeconds(5));
      }
    }
  }

  @ParameterizedTest(name = "bullmq {0}")
  @ValueSource(strings = {"5", "6"})
  void javaAddsAndNodeWorkerProcesses(String version) throws Exception {
    String queue = "interop-java-adds-" + UUID.randomUUID();
    try (BullMqQueues queues = REDIS.open()) {
      JobQueue q = queues.queue(queue);
      JobOptions custom =
          JobOptions.defaults()
              .withJobId("lazai-fetch-attestator-0xabc")
              .withRetention(KeepJobs.last(100), KeepJobs.last(100));
      String ok = q.add("ok", "{\"n\":1}", custom);
      assertThat(q.add("ok", "{\"n\":2}", custom)).isEqualTo(ok);
      String retry =
          q.add(
              "retry",
              "{\"fail\":2}",
              JobOptions.defaults().withAttempts(3, Backoff.exponential(150)));
      String later = q.add("later", "{}", JobOptions.defaults().withDelay(Duration.ofMillis(300)));
      String fails =
          q.add("fails", "{\"fail\":5}", JobOptions.defaults().withAttempts(2, Backoff.fixed(50)));

      JsonNode answer = node(version, "work", queue, "{\"expect\":4,\"concurrency\":2}");

      JobInfo okJob = q.job(ok).orElseThrow();
      assertThat(okJob.state()).isEqualTo(JobState.COMPLETED);
      assertThat(okJob.data()).isEqualTo("{\"n\":1}");
      assertThat(JSON.readTree(okJob.returnValue()).path("node").asBoolean()).isTrue();
      JobInfo retried = q.job(retry).orElseThrow();
      assertThat(retried.state()).isEqualTo(JobState.COMPLETED);
      assertThat(retried.attemptsMade()).isEqualTo(3);
      assertThat(retried.stacktrace()).hasSize(2);
      List<Long> attempts = new ArrayList<>();
      byId(answer, retry).path("attempts").forEach(n -> attempts.add(n.asLong()));
      assertThat(attempts.get(1) - attempts.get(0)).isGreaterThanOrEqualTo(150);
      assertThat(attempts.get(2) - attempts.get(1)).isGreaterThanOrEqualTo(300);
      JobInfo delayed = q.job(later).orElseThrow();
      assertThat(delayed.processedOn() - delayed.timestamp()).isGreaterThanOrEqualTo(300);
      JobInfo failed = q.job(fails).orElseThrow();
      assertThat(failed.state()).isEqualTo(JobState.FAILED);
      assertThat(failed.attemptsMade()).isEqualTo(2);
      assertThat(failed.failedReason()).isEqualTo("node boom 1");
      assertThat(byId(answer, fails).path("failedReason").asString()).isEqualTo("node boom 1");
    }
  }

  private static long due(JsonNode delayedEvent) {
    return delayedEvent.path("delay").asLong() - delayedEvent.path("at").asLong();
  }

  private static JsonNode node(String version, String cmd, String queue, String extra)
      throws Exception {
    ObjectNode command = (ObjectNode) JSON.readTree(extra);
    command.put("cmd", cmd).put("version", version).put("prefix", REDIS.prefix);
    command.put("queue", queue).put("timeoutMs", 30000);
    return BullPeer.run(command);
  }

  private static JsonNode byName(JsonNode answer, String name) {
    for (JsonNode job : answer.path("jobs")) {
      if (job.path("name").asString().equals(name)) {
        return job;
      }
    }
    throw new AssertionError("no job " + name + " in " + answer);
  }

  private static JsonNode byId(JsonNode answer, String id) {
    for (JsonNode job : answer.path("jobs")) {
      if (job.path("id").asString().equals(id)) {
        return job;
      }
    }
    throw new AssertionError("no job " + id + " in " + answer);
  }

  private static List<String> events(JsonNode job) {
    List<String> names = new ArrayList<>();
    job.path("events").forEach(e -> names.add(e.path("event").asString()));
    return names;
  }

  private static List<JsonNode> event(JsonNode job, String name) {
    List<JsonNode> found = new ArrayList<>();
    job.path("events")
        .forEach(
            e -> {
              if (e.path("event").asString().equals(name)) {
                found.add(e);
              }
            });
    return found;
  }
}
