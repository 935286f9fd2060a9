package social.gm2.lazai.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The admin view's actions ({@link JobQueue#promote}, {@link JobQueue#remove}, {@link
 * JobQueue#clean}, {@link JobQueue#pause}/{@link JobQueue#resume}, {@link JobQueue#retryAllFailed})
 * and a job's stored options, run against every {@link Queues} implementation. Each test works on a
 * queue of its own.
 */
public abstract class JobQueueAdminContract extends QueueContractBase {
  private static final JobOptions LATER = JobOptions.defaults().withDelay(Duration.ofHours(1));

  /** Fails jobs whose data is {@code {"fail":true}}, completes the others. */
  private static String failOrEcho(Job job) {
    if (job.data().contains("\"fail\":true")) {
      throw new NonRetryableJobException("told to fail " + job.id());
    }
    return "\"ok\"";
  }

  @Test
  void aJobShowsTheOptionsItWasAddedWith() {
    JobQueue queue = queues.queue(name);
    String id =
        queue.add(
            "j",
            "{}",
            JobOptions.defaults()
                .withJobId("opts-1")
                .withAttempts(3, Backoff.exponential(250))
                .withRetention(KeepJobs.last(5), KeepJobs.none()));

    String opts = queue.job(id).orElseThrow().opts();

    assertThat(opts)
        .isEqualTo(
            "{\"attempts\":3,\"backoff\":{\"type\":\"exponential\",\"delay\":250},"
                + "\"jobId\":\"opts-1\",\"removeOnComplete\":5,\"removeOnFail\":true}");
  }

  @Test
  void aPromotedDelayedJobRunsNow() {
    JobQueue queue = queues.queue(name);
    String id = queue.add("later", "{}", LATER);
    String waiting = queue.add("now", "{}", JobOptions.defaults());

    assertThat(queue.promote(waiting)).as("not delayed").isFalse();
    assertThat(queue.promote("no-such-job")).isFalse();
    assertThat(queue.promote(id)).isTrue();
    assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.WAITING);
    assertThat(queue.promote(id)).as("no longer delayed").isFalse();
    assertThat(queue.counts())
        .containsEntry(JobState.DELAYED, 0L)
        .containsEntry(JobState.WAITING, 2L);

    start(JobQueueAdminContract::failOrEcho, 1);
    assertThat(awaitState(queue, id, JobState.COMPLETED).returnValue()).isEqualTo("\"ok\"");
  }

  @Test
  void aJobIsRemovedFromAnyStateButActive() throws Exception {
    JobQueue queue = queues.queue(name);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    start(
        job -> {
          if (job.name().equals("hold")) {
            holding.countDown();
            release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          }
          return failOrEcho(job);
        },
        1);
    String done = queue.add("done", "{}", JobOptions.defaults());
    String failed = queue.add("failed", "{\"fail\":true}", JobOptions.defaults());
    awaitState(queue, done, JobState.COMPLETED);
    awaitState(queue, failed, JobState.FAILED);
    String held = queue.add("hold", "{}", JobOptions.defaults());
    assertThat(holding.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    String waiting = queue.add("waiting", "{}", JobOptions.defaults());
    String delayed = queue.add("delayed", "{}", LATER);

    assertThat(queue.remove(held)).isEqualTo(JobQueue.Removal.ACTIVE);
    for (String id : List.of(done, failed, waiting, delayed)) {
      assertThat(queue.remove(id)).as(id).isEqualTo(JobQueue.Removal.REMOVED);
      assertThat(queue.job(id)).as(id).isEmpty();
    }
    assertThat(queue.remove(done)).isEqualTo(JobQueue.Removal.NOT_FOUND);
    assertThat(queue.counts())
        .containsEntry(JobState.COMPLETED, 0L)
        .containsEntry(JobState.FAILED, 0L)
        .containsEntry(JobState.WAITING, 0L)
        .containsEntry(JobState.DELAYED, 0L)
        .containsEntry(JobState.ACTIVE, 1L);
    release.countDown();
    awaitState(queue, held, JobState.COMPLETED);
    assertThat(queue.remove(held)).isEqualTo(JobQueue.Removal.REMOVED);
  }

  @Test
  void cleanRemovesTheOldestFinishedJobsUpToItsLimit() {
    JobQueue queue = queues.queue(name);
    start(JobQueueAdminContract::failOrEcho, 1);
    List<String> done = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = queue.add("done", "{}", JobOptions.defaults());
      awaitState(queue, id, JobState.COMPLETED);
      done.add(id);
    }
    String failed = queue.add("failed", "{\"fail\":true}", JobOptions.defaults());
    long failedOn = awaitState(queue, failed, JobState.FAILED).finishedOn();
    long firstDone = queue.job(done.get(0)).orElseThrow().finishedOn();
    long lastDone = queue.job(done.get(2)).orElseThrow().finishedOn();

    assertThat(queue.clean(JobState.COMPLETED, firstDone - 1, 0)).isEmpty();
    assertThat(queue.clean(JobState.COMPLETED, lastDone, 2))
        .containsExactly(done.get(0), done.get(1));
    assertThat(queue.job(done.get(0))).isEmpty();
    assertThat(queue.job(done.get(2))).isPresent();
    assertThat(queue.clean(JobState.FAILED, failedOn - 1, 0)).isEmpty();
    assertThat(queue.clean(JobState.FAILED, failedOn, 0)).containsExactly(failed);
    assertThat(queue.counts())
        .containsEntry(JobState.COMPLETED, 1L)
        .containsEntry(JobState.FAILED, 0L);

    String delayed = queue.add("later", "{}", LATER);
    long created = queue.job(delayed).orElseThrow().timestamp();
    assertThat(queue.clean(JobState.DELAYED, created - 1, 0)).isEmpty();
    assertThat(queue.clean(JobState.DELAYED, created, 0)).containsExactly(delayed);
    assertThat(queue.job(delayed)).isEmpty();

    assertThatThrownBy(() -> queue.clean(JobState.WAITING, lastDone, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> queue.clean(JobState.FAILED, lastDone, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPausedQueueStartsNothingUntilResumed() {
    JobQueue queue = queues.queue(name);
    start(JobQueueAdminContract::failOrEcho, 1);
    String before = queue.add("before", "{}", JobOptions.defaults());
    awaitState(queue, before, JobState.COMPLETED);
    assertThat(queue.isPaused()).isFalse();

    queue.pause();
    String first = queue.add("paused-1", "{}", JobOptions.defaults());
    String second = queue.add("paused-2", "{}", JobOptions.defaults());

    assertThat(queue.isPaused()).isTrue();
    assertThat(queue.job(first).orElseThrow().state()).isEqualTo(JobState.WAITING);
    assertThat(queue.ids(JobState.WAITING, 0, 10)).containsExactly(second, first);
    assertThat(queue.counts()).containsEntry(JobState.WAITING, 2L);
    long resumedAt = System.currentTimeMillis();
    queue.resume();

    assertThat(queue.isPaused()).isFalse();
    JobInfo ran = awaitState(queue, first, JobState.COMPLETED);
    assertThat(ran.processedOn()).as("started after the resume").isGreaterThanOrEqualTo(resumedAt);
    assertThat(awaitState(queue, second, JobState.COMPLETED).processedOn())
        .isGreaterThanOrEqualTo(ran.processedOn());
  }

  @Test
  void retryAllSendsEveryFailedJobBackToWaiting() {
    JobQueue queue = queues.queue(name);
    assertThat(queue.retryAllFailed()).isZero();
    Worker failing =
        start(
            job -> {
              throw new NonRetryableJobException("not yet " + job.id());
            },
            1);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(queue.add("j", "{}", JobOptions.defaults()));
    }
    ids.forEach(id -> awaitState(queue, id, JobState.FAILED));
    failing.close(Duration.ofSeconds(5));

    assertThat(queue.retryAllFailed()).isEqualTo(3);

    assertThat(queue.counts())
        .containsEntry(JobState.FAILED, 0L)
        .containsEntry(JobState.WAITING, 3L);
    JobInfo back = queue.job(ids.get(0)).orElseThrow();
    assertThat(back.failedReason()).isNull();
    assertThat(back.finishedOn()).isZero();
    assertThat(back.attemptsMade()).as("kept, as BullMQ keeps it").isEqualTo(1);
    start(JobQueueAdminContract::failOrEcho, 1);
    ids.forEach(id -> awaitState(queue, id, JobState.COMPLETED));
  }
}
