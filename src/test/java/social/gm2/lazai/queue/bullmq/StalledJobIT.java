package social.gm2.lazai.queue.bullmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.Worker;
import social.gm2.lazai.queue.WorkerOptions;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.NodePeer;

/**
 * A Java worker process killed with SIGKILL in the middle of a job loses nothing: once its lock
 * expires, another worker's stalled check returns the job to the queue and it runs again, unless it
 * has stalled more than {@code maxStalledCount} times, when it fails with BullMQ's reason.
 */
class StalledJobIT {
  private static final RedisQueues REDIS = new RedisQueues();

  @AfterAll
  static void cleanUp() {
    REDIS.deleteKeys();
  }

  @Test
  void aKilledWorkersJobRunsAgainElsewhere() throws Exception {
    String queue = "stall-" + UUID.randomUUID();
    try (BullMqQueues queues = REDIS.open()) {
      JobQueue q = queues.queue(queue);
      String id = q.add("slow", "{}", JobOptions.defaults());
      killWorkerDuring(queue, id);
      assertThat(q.job(id).orElseThrow().state()).isEqualTo(JobState.ACTIVE);

      Worker rescuer = queues.worker(queue, job -> "\"rescued\"", options(1));
      rescuer.start();
      JobInfo done =
          Await.until(
              Duration.ofSeconds(20),
              () -> q.job(id).orElseThrow(),
              j -> j.state() == JobState.COMPLETED);
      rescuer.close(Duration.ofSeconds(5));

      assertThat(done.returnValue()).isEqualTo("\"rescued\"");
      assertThat(done.attemptsStarted()).isEqualTo(2);
      assertThat(done.attemptsMade()).isEqualTo(1);
      assertThat(field(queue, id, "stc")).isEqualTo("1");
      assertThat(events(queue))
          .containsSubsequence("active", "waiting", "stalled", "active", "completed");
    }
  }

  @Test
  void aJobThatStallsTooOftenFails() throws Exception {
    String queue = "stall-" + UUID.randomUUID();
    try (BullMqQueues queues = REDIS.open()) {
      JobQueue q = queues.queue(queue);
      String id = q.add("slow", "{}", JobOptions.defaults().withAttempts(3, null));
      killWorkerDuring(queue, id);

      Worker rescuer = queues.worker(queue, job -> "\"must not run\"", options(0));
      rescuer.start();
      JobInfo failed =
          Await.until(
              Duration.ofSeconds(20),
              () -> q.job(id).orElseThrow(),
              j -> j.state() == JobState.FAILED);
      rescuer.close(Duration.ofSeconds(5));

      assertThat(failed.failedReason()).isEqualTo("job stalled more than allowable limit");
      assertThat(failed.attemptsMade()).isEqualTo(1);
      assertThat(field(queue, id, "defa")).isNull();
    }
  }

  @Test
  void aJobLongerThanItsLockKeepsItByRenewal() throws Exception {
    String queue = "stall-" + UUID.randomUUID();
    try (BullMqQueues queues = REDIS.open()) {
      JobQueue q = queues.queue(queue);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      Worker worker =
          queues.worker(
              queue,
              job -> {
                release.await(30, TimeUnit.SECONDS);
                return "\"done\"";
              },
              options(1));
      worker.start();
      try {
        String id = q.add("long", "{}", JobOptions.defaults());
        Await.until(
            Duration.ofSeconds(20),
            () -> q.job(id).orElseThrow(),
            j -> j.state() == JobState.ACTIVE);
        long start = System.nanoTime();

        // Three lock durations and stalled intervals pass while the job runs.
        Await.until(
            Duration.ofSeconds(20),
            () -> q.job(id).orElseThrow(),
            j -> {
              assertThat(j.state()).isEqualTo(JobState.ACTIVE);
              return System.nanoTime() - start > Duration.ofMillis(3500).toNanos();
            });
        release.countDown();
        JobInfo done =
            Await.until(
                Duration.ofSeconds(20),
                () -> q.job(id).orElseThrow(),
                j -> j.state() == JobState.COMPLETED);

        assertThat(done.attemptsStarted()).isEqualTo(1);
        assertThat(field(queue, id, "stc")).isNull();
        assertThat(events(queue)).doesNotContain("stalled");
      } finally {
        release.countDown();
        worker.close(Duration.ofSeconds(5));
      }
    }
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "bullmq {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"5", "6"})
  void aKilledNodeWorkersJobRunsInJava(String version) throws Exception {
    String queue = "stall-node-" + UUID.randomUUID();
    try (BullMqQueues queues = REDIS.open()) {
      JobQueue q = queues.queue(queue);
      String id = q.add("slow", "{}", JobOptions.defaults());
      ProcessBuilder node =
          new ProcessBuilder("node", "bullmq-peer.js").directory(NodePeer.DIR.toFile());
      node.environment().put("TEST_REDIS_HOST", social.gm2.lazai.support.TestServices.redisHost());
      node.environment()
          .put(
              "TEST_REDIS_PORT",
              Integer.toString(social.gm2.lazai.support.TestServices.redisPort()));
      killDuring(
          node,
          "{\"cmd\":\"stall\",\"version\":\""
              + version
              + "\",\"prefix\":\""
              + REDIS.prefix
              + "\",\"queue\":\""
              + queue
              + "\"}",
          id);

      Worker rescuer = queues.worker(queue, job -> "\"rescued by java\"", options(1));
      rescuer.start();
      JobInfo done =
          Await.until(
              Duration.ofSeconds(20),
              () -> q.job(id).orElseThrow(),
              j -> j.state() == JobState.COMPLETED);

      assertThat(done.returnValue()).isEqualTo("\"rescued by java\"");
      assertThat(done.attemptsStarted()).isEqualTo(2);
      assertThat(field(queue, id, "stc")).isEqualTo("1");
    }
  }

  private static WorkerOptions options(int maxStalledCount) {
    return new WorkerOptions(
        1, Duration.ofSeconds(1), Duration.ofSeconds(1), maxStalledCount, "rescuer");
  }

  /** Starts {@link StallingWorker} in a JVM of its own and SIGKILLs it once it holds the job. */
  private static void killWorkerDuring(String queue, String id) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    killDuring(
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            StallingWorker.class.getName(),
            REDIS.prefix,
            queue),
        "",
        id);
  }

  /** Starts a worker process, waits until it says it started job {@code id}, SIGKILLs it. */
  private static void killDuring(ProcessBuilder worker, String stdin, String id) throws Exception {
    Process child = worker.redirectErrorStream(true).start();
    try {
      try (var in = child.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      var reader =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String started =
          CompletableFuture.supplyAsync(
                  () -> reader.lines().filter(l -> l.startsWith("started ")).findFirst().orElse(""))
              .get(60, TimeUnit.SECONDS);
      assertThat(started).isEqualTo("started " + id);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no lock release
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String field(String queue, String id, String field) {
    RedisClient client = RedisClient.create(RedisQueues.uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return c.sync().hget(REDIS.prefix + ":" + queue + ":" + id, field);
    } finally {
      client.shutdown();
    }
  }

  private static List<String> events(String queue) {
    RedisClient client = RedisClient.create(RedisQueues.uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return c
          .sync()
          .xrange(REDIS.prefix + ":" + queue + ":events", io.lettuce.core.Range.create("-", "+"))
          .stream()
          .map(m -> m.getBody().get("event"))
          .toList();
    } finally {
      client.shutdown();
    }
  }
}
