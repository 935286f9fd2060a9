package social.gm2.lazai.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.support.Await;

/**
 * What every {@link Queues} implementation must do, run against the in-memory queues and the BullMQ
 * queues on the real Redis. Each test works on a queue of its own.
 */
public abstract class JobQueueContract extends QueueContractBase {
  @Test
  void aJobIsProcessedAndItsReturnValueKept() {
    JobQueue queue = queues.queue(name);
    start(job -> "{\"echo\":" + job.data() + ",\"name\":\"" + job.name() + "\"}", 1);

    String id = queue.add("greet", "{\"who\":\"ada\"}", JobOptions.defaults());

    JobInfo done = awaitState(queue, id, JobState.COMPLETED);
    assertThat(done.returnValue()).isEqualTo("{\"echo\":{\"who\":\"ada\"},\"name\":\"greet\"}");
    assertThat(done.attemptsMade()).isEqualTo(1);
    assertThat(done.name()).isEqualTo("greet");
    assertThat(done.finishedOn()).isGreaterThanOrEqualTo(done.processedOn());
    assertThat(queue.counts()).containsEntry(JobState.COMPLETED, 1L);
  }

  @Test
  void idsListAStateNewestFirstByRange() {
    JobQueue queue = queues.queue(name);
    String a = queue.add("a", "{}", JobOptions.defaults());
    String b = queue.add("b", "{}", JobOptions.defaults());
    String c = queue.add("c", "{}", JobOptions.defaults());

    assertThat(queue.ids(JobState.WAITING, 0, 1)).containsExactly(c, b);
    assertThat(queue.ids(JobState.WAITING, 2, 10)).containsExactly(a);
    assertThat(queue.ids(JobState.WAITING, 3, 10)).isEmpty();
    assertThat(queue.ids(JobState.FAILED, 0, 10)).isEmpty();
    assertThatThrownBy(() -> queue.ids(JobState.UNKNOWN, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queue.ids(JobState.WAITING, -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queue.ids(JobState.WAITING, 2, 1))
        .isInstanceOf(IllegalArgumentException.class);

    start(job -> null, 1);
    awaitState(queue, c, JobState.COMPLETED);
    Await.until(WAIT, () -> queue.ids(JobState.COMPLETED, 0, 10), l -> l.size() == 3);
    assertThat(queue.ids(JobState.COMPLETED, 0, 10)).containsExactlyInAnyOrder(a, b, c);
    assertThat(queue.ids(JobState.COMPLETED, 1, 1)).hasSize(1);
    assertThat(queue.ids(JobState.WAITING, 0, 10)).isEmpty();
  }

  @Test
  void aFailedJobRetriedRunsAgain() {
    JobQueue queue = queues.queue(name);
    AtomicInteger runs = new AtomicInteger();
    start(
        job -> {
          if (runs.incrementAndGet() == 1) {
            throw new NonRetryableJobException("first run fails");
          }
          return "{\"run\":" + runs.get() + "}";
        },
        1);
    String id = queue.add("once", "{}", JobOptions.defaults());
    JobInfo failed = awaitState(queue, id, JobState.FAILED);
    assertThat(failed.failedReason()).isEqualTo("first run fails");
    assertThat(queue.retryFailed("no-such-job")).isFalse();

    assertThat(queue.retryFailed(id)).isTrue();

    JobInfo done = awaitState(queue, id, JobState.COMPLETED);
    assertThat(done.returnValue()).isEqualTo("{\"run\":2}");
    assertThat(queue.retryFailed(id)).isFalse();
    assertThat(queue.counts()).containsEntry(JobState.FAILED, 0L);
  }

  @Test
  void aCustomIdIsAddedOnceWhileTheJobIsRetained() {
    JobQueue queue = queues.queue(name);
    JobOptions opts = JobOptions.defaults().withJobId("order-42");

    assertThat(queue.add("a", "{\"v\":1}", opts)).isEqualTo("order-42");
    assertThat(queue.add("a", "{\"v\":2}", opts)).isEqualTo("order-42");
    assertThat(queue.job("order-42").orElseThrow().data()).isEqualTo("{\"v\":1}");

    start(job -> null, 1);
    assertThat(awaitState(queue, "order-42", JobState.COMPLETED).returnValue()).isEqualTo("null");
    assertThat(queue.add("a", "{\"v\":3}", opts)).isEqualTo("order-42");
    assertThat(queue.job("order-42").orElseThrow().state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void aCustomIdIsFreeAgainOnceRetentionRemovedTheJob() {
    JobQueue queue = queues.queue(name);
    JobOptions opts =
        JobOptions.defaults().withJobId("once").withRetention(KeepJobs.none(), KeepJobs.none());
    AtomicInteger runs = new AtomicInteger();
    start(job -> "" + runs.incrementAndGet(), 1);

    queue.add("a", "{}", opts);
    Await.until(WAIT, runs::get, n -> n == 1);
    Await.until(WAIT, () -> queue.job("once").isEmpty(), gone -> gone);
    queue.add("a", "{}", opts);

    Await.until(WAIT, runs::get, n -> n == 2);
  }

  @Test
  void failedAttemptsAreRetriedWithExponentialBackoff() {
    JobQueue queue = queues.queue(name);
    List<Long> starts = new CopyOnWriteArrayList<>();
    start(
        job -> {
          starts.add(System.nanoTime());
          if (job.attemptsMade() < 2) {
            throw new IllegalStateException("boom " + job.attemptsMade());
          }
          return "\"ok\"";
        },
        1);

    String id =
        queue.add("flaky", "{}", JobOptions.defaults().withAttempts(3, Backoff.exponential(200)));

    JobInfo done = awaitState(queue, id, JobState.COMPLETED);
    assertThat(done.attemptsMade()).isEqualTo(3);
    assertThat(done.failedReason()).isEqualTo("boom 1");
    assertThat(done.stacktrace()).hasSize(2);
    assertThat(done.returnValue()).isEqualTo("\"ok\"");
    assertThat(starts).hasSize(3);
    assertThat(TimeUnit.NANOSECONDS.toMillis(starts.get(1) - starts.get(0))).isBetween(190L, 2000L);
    assertThat(TimeUnit.NANOSECONDS.toMillis(starts.get(2) - starts.get(1))).isBetween(390L, 2500L);
  }

  @Test
  void aJobFailsWhenItsAttemptsAreSpent() {
    JobQueue queue = queues.queue(name);
    start(
        job -> {
          throw new IllegalStateException("always " + job.attemptsMade());
        },
        1);

    String id = queue.add("bad", "{}", JobOptions.defaults().withAttempts(2, Backoff.fixed(10)));

    JobInfo failed = awaitState(queue, id, JobState.FAILED);
    assertThat(failed.attemptsMade()).isEqualTo(2);
    assertThat(failed.failedReason()).isEqualTo("always 1");
    assertThat(failed.stacktrace()).hasSize(2);
    assertThat(failed.stacktrace().get(1)).contains("IllegalStateException: always 1");
    String later = queue.add("bad", "{}", JobOptions.defaults().withAttempts(1, Backoff.fixed(10)));
    awaitState(queue, later, JobState.FAILED);
    assertThat(queue.failed(10, "x", 1000))
        .extracting(FailedJobSummary::id)
        .containsExactly(later, id);
    assertThat(queue.failed(1, "x", 1000)).extracting(FailedJobSummary::id).containsExactly(later);
    FailedJobSummary newest = queue.failed(1, "x", 1000).get(0);
    assertThat(newest.failedReason()).isEqualTo("always 0");
    assertThat(newest.name()).isEqualTo("bad");
    assertThat(newest.attemptsMade()).isEqualTo(1);
    assertThat(newest.finishedOn()).isPositive();
  }

  @Test
  void failedJobSummariesCarryOneFieldOfThePayloadAndNeverThePayload() {
    JobQueue queue = queues.queue(name);
    start(
        job -> {
          throw new NonRetryableJobException("no");
        },
        1);
    String token = "0x" + "ab".repeat(20);
    String small =
        queue.add(
            "j",
            "{\"other\":{\"k\":1},\"tokenAddress\" : \"" + token + "\",\"data\":[1,2,3]}",
            JobOptions.defaults());
    String large =
        queue.add(
            "j",
            "{\"tokenAddress\":\"" + token + "\",\"pad\":\"" + "x".repeat(2000) + "\"}",
            JobOptions.defaults());
    String none = queue.add("j", "{\"tokenAddress\":42}", JobOptions.defaults());
    List.of(small, large, none).forEach(id -> awaitState(queue, id, JobState.FAILED));

    Map<String, FailedJobSummary> byId = new java.util.HashMap<>();
    queue.failed(10, "tokenAddress", 1000).forEach(s -> byId.put(s.id(), s));

    assertThat(byId).containsOnlyKeys(small, large, none);
    assertThat(byId.get(small).field()).isEqualTo(token);
    assertThat(byId.get(large).field()).as("payload over the read limit").isNull();
    assertThat(byId.get(none).field()).as("not a string").isNull();
    assertThat(byId.get(small).failedReason()).isEqualTo("no");
    assertThatThrownBy(() -> queue.failed(10, "a\"b", 1000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPayloadOverTheWorkersLimitFailsAtOnceWithoutReachingTheHandler() {
    JobQueue queue = queues.queue(name);
    List<String> handled = new CopyOnWriteArrayList<>();
    Worker worker =
        queues.worker(
            name,
            job -> {
              handled.add(job.id());
              return null;
            },
            new WorkerOptions(1, Duration.ofSeconds(5), Duration.ofSeconds(5), 1, "t")
                .withDataLimit(new DataLimit(100, "test.max-data")));
    workers.add(worker);
    worker.start();
    JobOptions retried = JobOptions.defaults().withAttempts(3, Backoff.fixed(10));
    String big = "{\"v\":\"" + "a".repeat(200) + "\"}";
    // 61 characters, 114 bytes in UTF-8: the limit counts bytes, as Redis stores them.
    String wide = "{\"v\":\"" + "é".repeat(53) + "\"}";
    String fits = "{\"v\":\"" + "a".repeat(90) + "\"}";

    String bigId = queue.add("j", big, retried);
    String wideId = queue.add("j", wide, retried);
    String fitsId = queue.add("j", fits, retried);

    JobInfo failed = awaitState(queue, bigId, JobState.FAILED);
    assertThat(failed.attemptsMade()).isEqualTo(1);
    assertThat(failed.failedReason())
        .isEqualTo(
            "payload is 208 bytes, more than the limit of 100 set by test.max-data; the job was"
                + " failed without loading it");
    assertThat(failed.data()).as("the job is left as its producer wrote it").isEqualTo(big);
    assertThat(awaitState(queue, wideId, JobState.FAILED).failedReason())
        .startsWith("payload is 114 bytes");
    awaitState(queue, fitsId, JobState.COMPLETED);
    assertThat(handled).containsExactly(fitsId);
  }

  @Test
  void aNonRetryableErrorFailsTheJobAtOnce() {
    JobQueue queue = queues.queue(name);
    AtomicInteger runs = new AtomicInteger();
    start(
        job -> {
          runs.incrementAndGet();
          throw new NonRetryableJobException("tokenAddress must be an address");
        },
        1);

    String id = queue.add("bad", "{}", JobOptions.defaults().withAttempts(5, Backoff.fixed(10)));

    JobInfo failed = awaitState(queue, id, JobState.FAILED);
    assertThat(failed.attemptsMade()).isEqualTo(1);
    assertThat(failed.failedReason()).isEqualTo("tokenAddress must be an address");
    assertThat(runs).hasValue(1);
  }

  @Test
  void aJobMovedBackToDelayedUsesNoAttemptAndRecordsNoFailure() {
    JobQueue queue = queues.queue(name);
    List<Long> starts = new CopyOnWriteArrayList<>();
    start(
        job -> {
          starts.add(System.nanoTime());
          // More times than the job has attempts: each one is "not finished yet", not a failure.
          if (starts.size() <= 3) {
            assertThat(queue.job(job.id()).orElseThrow().state()).isEqualTo(JobState.ACTIVE);
            throw new JobDelayedException("still minting", Duration.ofMillis(300));
          }
          return "\"done\"";
        },
        1);

    String id = queue.add("slow", "{}", JobOptions.defaults().withAttempts(2, Backoff.fixed(10)));

    Await.until(WAIT, starts::size, n -> n >= 1);
    JobInfo waiting = awaitState(queue, id, JobState.DELAYED);
    assertThat(waiting.attemptsMade()).isZero();
    assertThat(waiting.failedReason()).isNull();
    JobInfo done = awaitState(queue, id, JobState.COMPLETED);
    assertThat(starts).hasSize(4);
    assertThat(done.attemptsMade()).isEqualTo(1);
    assertThat(done.failedReason()).isNull();
    assertThat(done.stacktrace()).isEmpty();
    assertThat(done.returnValue()).isEqualTo("\"done\"");
    for (int i = 1; i < starts.size(); i++) {
      assertThat(TimeUnit.NANOSECONDS.toMillis(starts.get(i) - starts.get(i - 1)))
          .as("waited its delay before run %d", i + 1)
          .isGreaterThanOrEqualTo(290L);
    }
  }

  @Test
  void aDelayedJobWaitsItsDelay() {
    JobQueue queue = queues.queue(name);
    start(job -> null, 1);

    String id = queue.add("later", "{}", JobOptions.defaults().withDelay(Duration.ofMillis(400)));

    assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.DELAYED);
    JobInfo done = awaitState(queue, id, JobState.COMPLETED);
    assertThat(done.processedOn() - done.timestamp()).isGreaterThanOrEqualTo(400);
  }

  @Test
  void retentionKeepsTheNewestCompletedJobs() {
    JobQueue queue = queues.queue(name);
    start(job -> null, 1);
    JobOptions keepTwo = JobOptions.defaults().withRetention(KeepJobs.last(2), KeepJobs.all());

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = queue.add("j", "{}", keepTwo);
      ids.add(id);
      awaitState(queue, id, JobState.COMPLETED);
    }

    assertThat(queue.counts()).containsEntry(JobState.COMPLETED, 2L);
    assertThat(queue.job(ids.get(0))).isEmpty();
    assertThat(queue.job(ids.get(1))).isEmpty();
    assertThat(queue.job(ids.get(3))).isPresent();
  }

  @Test
  void removeOnFailDeletesTheFailedJob() {
    JobQueue queue = queues.queue(name);
    AtomicInteger runs = new AtomicInteger();
    start(
        job -> {
          runs.incrementAndGet();
          throw new NonRetryableJobException("no");
        },
        1);

    String id =
        queue.add("j", "{}", JobOptions.defaults().withRetention(KeepJobs.all(), KeepJobs.none()));

    Await.until(WAIT, runs::get, n -> n == 1);
    Await.until(WAIT, () -> queue.job(id).isEmpty(), gone -> gone);
    assertThat(queue.counts()).containsEntry(JobState.FAILED, 0L);
  }

  @Test
  void concurrencyRunsThatManyJobsAtOnce() throws Exception {
    JobQueue queue = queues.queue(name);
    CountDownLatch allIn = new CountDownLatch(4);
    CountDownLatch release = new CountDownLatch(1);
    start(
        job -> {
          allIn.countDown();
          release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          return null;
        },
        4);

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(queue.add("j", "{}", JobOptions.defaults()));
    }

    assertThat(allIn.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(queue.counts()).containsEntry(JobState.ACTIVE, 4L);
    release.countDown();
    ids.forEach(id -> awaitState(queue, id, JobState.COMPLETED));
  }

  @Test
  void closingLetsTheActiveJobFinishAndTakesNoMore() throws Exception {
    JobQueue queue = queues.queue(name);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Map<String, Boolean> ran = new ConcurrentHashMap<>();
    Worker worker =
        start(
            job -> {
              ran.put(job.id(), true);
              started.countDown();
              release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
              return "\"finished\"";
            },
            1);
    String first = queue.add("j", "{}", JobOptions.defaults());
    assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    String second = queue.add("j", "{}", JobOptions.defaults());

    Thread closer = new Thread(() -> worker.close(Duration.ofSeconds(10)));
    closer.start();
    // Once the closer waits for the worker's threads, the worker has stopped taking jobs.
    Await.until(WAIT, closer::getState, state -> state == Thread.State.TIMED_WAITING);
    release.countDown();
    closer.join(15_000);

    assertThat(closer.isAlive()).isFalse();
    assertThat(queue.job(first).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
    assertThat(queue.job(second).orElseThrow().state()).isEqualTo(JobState.WAITING);
    assertThat(ran).doesNotContainKey(second);
  }

  @Test
  void badInputIsRefusedWithAClearError() {
    JobQueue queue = queues.queue(name);

    assertThatThrownBy(() -> queue.add("j", "{not json", JobOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data is not valid JSON");
    assertThatThrownBy(() -> JobOptions.defaults().withJobId("42")).hasMessageContaining("integer");
    assertThatThrownBy(() -> JobOptions.defaults().withJobId("a:b")).hasMessageContaining("':'");
    assertThatThrownBy(() -> queue.add(" ", "{}", JobOptions.defaults()))
        .hasMessageContaining("job name");
    assertThat(queue.counts().values()).allMatch(n -> n == 0);
  }
}
