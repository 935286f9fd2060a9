package social.gm2.lazai.mint.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.queue.JobHandler;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.Worker;
import social.gm2.lazai.queue.WorkerOptions;
import social.gm2.lazai.queue.memory.MemoryQueues;
import social.gm2.lazai.support.Await;

/** The attestator queues: validated payloads, the job id convention, one backfill per period. */
class AttestatorJobsTest {
  private static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  private final MemoryQueues queues = new MemoryQueues(Clock.systemUTC());
  private final List<Object> calls = new CopyOnWriteArrayList<>();
  private Worker worker;

  private final FetchAttestatorJobs fetch =
      new FetchAttestatorJobs(
          (token, block, file) -> calls.add(new FetchAttestatorPayload(block, token, file)));
  private final CronFetchAttestatorJobs cron =
      new CronFetchAttestatorJobs(() -> calls.add("backfill"));

  @AfterEach
  void close() {
    if (worker != null) {
      worker.close(Duration.ofSeconds(5));
    }
  }

  private JobInfo run(String queue, JobHandler handler, String id) {
    worker = queues.worker(queue, handler, WorkerOptions.concurrency(1));
    worker.start();
    JobQueue q = queues.queue(queue);
    return Await.until(
        Duration.ofSeconds(10),
        () -> q.job(id).orElseThrow(),
        j -> j.state() == JobState.COMPLETED || j.state() == JobState.FAILED);
  }

  @Test
  void aCheckIsQueuedOncePerTokenAndHandedOverValidated() {
    LazaiQueues jobs = new LazaiQueues(queues);
    FetchAttestatorPayload check =
        new FetchAttestatorPayload(12, TOKEN.toLowerCase(), BigInteger.valueOf(3));

    String id = jobs.enqueueFetchAttestator(check);
    assertThat(jobs.enqueueFetchAttestator(check)).isEqualTo(id);
    assertThat(id).isEqualTo("lazai-fetch-attestator-" + TOKEN.toLowerCase());

    JobInfo job = run(LazaiQueues.FETCH_ATTESTATOR, fetch, id);
    assertThat(job.state()).isEqualTo(JobState.COMPLETED);
    assertThat(calls).containsExactly(check);
  }

  @Test
  void aBadCheckPayloadFailsAtOnceNamingTheField() {
    JobQueue q = queues.queue(LazaiQueues.FETCH_ATTESTATOR);
    String id =
        q.add(
            "x",
            "{\"blockNumber\":-1,\"tokenAddress\":\"" + TOKEN + "\",\"fileId\":1}",
            LazaiQueues.standardOptions());

    JobInfo job = run(LazaiQueues.FETCH_ATTESTATOR, fetch, id);

    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.attemptsMade()).isEqualTo(1);
    assertThat(job.failedReason()).contains("blockNumber must be a non-negative integer");
    assertThat(calls).isEmpty();
  }

  @Test
  void everyInstanceTicksButEachPeriodGetsOneBackfill() {
    Instant t = Instant.parse("2026-01-01T10:07:00Z");
    LazaiQueues jobs = new LazaiQueues(queues);
    Duration period = Duration.ofMinutes(5);
    var first = new BackfillScheduler(jobs, period, Clock.fixed(t, ZoneOffset.UTC));
    var second =
        new BackfillScheduler(jobs, period, Clock.fixed(t.plusSeconds(170), ZoneOffset.UTC));
    var next = new BackfillScheduler(jobs, period, Clock.fixed(t.plusSeconds(180), ZoneOffset.UTC));

    String id = first.tick();
    assertThat(second.tick()).isEqualTo(id);
    assertThat(next.tick()).isNotEqualTo(id);
    assertThat(id)
        .isEqualTo(
            "lazai-cron-fetch-attestator-" + Instant.parse("2026-01-01T10:05:00Z").toEpochMilli());
    assertThat(queues.queue(LazaiQueues.CRON_FETCH_ATTESTATOR).counts())
        .containsEntry(JobState.WAITING, 2L);

    JobInfo job = run(LazaiQueues.CRON_FETCH_ATTESTATOR, cron, id);
    assertThat(job.state()).isEqualTo(JobState.COMPLETED);
    assertThat(calls).contains("backfill");
  }
}
