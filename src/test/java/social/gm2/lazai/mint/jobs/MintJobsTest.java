package social.gm2.lazai.mint.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintBuilder;
import social.gm2.lazai.mint.MintRequest;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.Worker;
import social.gm2.lazai.queue.WorkerOptions;
import social.gm2.lazai.queue.memory.MemoryQueues;
import social.gm2.lazai.support.Await;

/**
 * {@code lazai-mint-dat} jobs through a real (in-process) queue into a stand-in pipeline: payloads
 * checked by field, retryable failures retried, permanent ones failed at once.
 */
class MintJobsTest {
  private static final String TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  private final MemoryQueues queues = new MemoryQueues(Clock.systemUTC());
  private final JobQueue queue = queues.queue(LazaiQueues.MINT_DAT);
  private final List<MintRequest> seen = new CopyOnWriteArrayList<>();

  /** What the stand-in store says the token's mint is (when it is due again). */
  private volatile Mint current;

  private Worker worker;

  @AfterEach
  void close() {
    worker.close(Duration.ofSeconds(5));
  }

  private void start(Function<MintRequest, Mint> pipeline) {
    worker =
        queues.worker(
            LazaiQueues.MINT_DAT,
            new MintDatJobs(
                (token, fileName, data) -> {
                  // As MintService does: the request is checked before anything happens.
                  MintRequest r = MintRequest.of(token, fileName, data, 1000);
                  seen.add(r);
                  return pipeline.apply(r);
                },
                token -> java.util.Optional.ofNullable(current),
                Clock.systemUTC(),
                1000,
                Duration.ofMillis(50)),
            WorkerOptions.concurrency(1));
    worker.start();
  }

  private JobInfo finished(String id) {
    return Await.until(
        Duration.ofSeconds(10),
        () -> queue.job(id).orElseThrow(),
        j -> j.state() == JobState.COMPLETED || j.state() == JobState.FAILED);
  }

  private String add(String payload) {
    // The original's options, with a short backoff to keep the test quick.
    JobOptions options =
        LazaiQueues.standardOptions()
            .withAttempts(3, social.gm2.lazai.queue.Backoff.exponential(10));
    return queue.add(LazaiQueues.MINT_DAT, payload, options);
  }

  @Test
  void aValidJobMintsAndReturnsTheMintsIds() {
    start(r -> mint(r.tokenAddress(), MintState.REWARDED, null));

    JobInfo job =
        finished(
            add(
                "{\"tokenAddress\":\""
                    + TOKEN
                    + "\",\"fileName\":\"a.txt\","
                    + "\"privacyData\":[104,105]}"));

    assertThat(job.state()).isEqualTo(JobState.COMPLETED);
    assertThat(job.returnValue())
        .isEqualTo(
            "{\"tokenAddress\":\""
                + TOKEN
                + "\",\"state\":\"REWARDED\",\"fileId\":\"7\","
                + "\"jobId\":\"8\",\"datTokenId\":\"9\"}");
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).privacyData()).containsExactly(104, 105);
    assertThat(seen.get(0).fileName()).isEqualTo("a.txt");
  }

  @Test
  void badPayloadsFailAtOnceNamingTheField() {
    start(r -> mint(r.tokenAddress(), MintState.REWARDED, null));
    String ok = "\"tokenAddress\":\"" + TOKEN + "\",\"fileName\":\"a\"";

    assertThat(reason(add("{" + ok + ",\"privacyData\":[1,256]}")))
        .contains("privacyData[1]")
        .contains("0 to 255");
    assertThat(reason(add("{" + ok + ",\"privacyData\":[1,\"x\"]}"))).contains("privacyData[1]");
    assertThat(reason(add("{" + ok + ",\"privacyData\":[1.5]}"))).contains("privacyData[0]");
    assertThat(reason(add("{" + ok + ",\"privacyData\":[18446744073709551621]}")))
        .contains("privacyData[0]");
    assertThat(reason(add("{" + ok + ",\"privacyData\":\"hi\"}"))).contains("privacyData must");
    assertThat(reason(add("{" + ok + "}"))).contains("privacyData is empty");
    assertThat(reason(add("{\"fileName\":\"a\",\"privacyData\":[1]}"))).contains("tokenAddress");
    assertThat(reason(add("{\"tokenAddress\":\"0x12\",\"fileName\":\"a\",\"privacyData\":[1]}")))
        .contains("tokenAddress must be an address");
    assertThat(reason(add("[1,2]"))).contains("payload must be a JSON object");
    assertThat(seen).isEmpty();
  }

  @Test
  void aPayloadLongerThanTheLargestValidRequestFailsWithoutBeingLoaded() {
    var properties =
        new social.gm2.lazai.mint.MintProperties(
            "seed",
            null,
            org.springframework.util.unit.DataSize.ofKilobytes(1),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    var limit = MintDatJobs.payloadLimit(properties.maxDataSize().toBytes());
    assertThat(limit.maxBytes()).isEqualTo(4 * 1024 + 64 * 1024);
    worker =
        queues.worker(
            LazaiQueues.MINT_DAT,
            job -> {
              seen.add(null);
              return null;
            },
            WorkerOptions.concurrency(1).withDataLimit(limit));
    worker.start();
    String pad = "x".repeat(70 * 1024);
    String payload =
        "{\"tokenAddress\":\"" + TOKEN + "\",\"fileName\":\"" + pad + "\",\"privacyData\":[1]}";

    String reason = reason(add(payload));

    assertThat(reason)
        .isEqualTo(
            "payload is "
                + payload.length()
                + " bytes, more than the limit of 69632 set by lazai.mint.max-data-size (4"
                + " characters per byte + 64 KiB); the job was failed without loading it");
    assertThat(seen).isEmpty();
  }

  private String reason(String id) {
    JobInfo job = finished(id);
    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.attemptsMade()).isEqualTo(1);
    return job.failedReason();
  }

  @Test
  void aRetryableStepFailureMovesTheJobBackWithoutUsingAnAttempt() {
    AtomicInteger calls = new AtomicInteger();
    // More failures than the job has attempts: a mint that is postponed is not a failed job.
    start(
        r -> {
          if (calls.incrementAndGet() <= 5) {
            throw MintStepException.retryable("UPLOADED: node unavailable", null);
          }
          return mint(r.tokenAddress(), MintState.REWARDED, null);
        });

    JobInfo job =
        finished(
            add("{\"tokenAddress\":\"" + TOKEN + "\",\"fileName\":\"a\",\"privacyData\":[1]}"));

    assertThat(job.state()).isEqualTo(JobState.COMPLETED);
    assertThat(calls).hasValue(6);
    assertThat(job.attemptsMade()).isEqualTo(1);
    assertThat(job.failedReason()).isNull();
    assertThat(job.returnValue()).contains("\"state\":\"REWARDED\"");
  }

  @Test
  void aRunThatEndsShortOfMintedNeverCompletesTheJob() {
    // The run answers with the mint where it stands: PROOF_SUBMITTED twice, then REWARDED.
    AtomicInteger calls = new AtomicInteger();
    start(
        r ->
            mint(
                r.tokenAddress(),
                calls.incrementAndGet() <= 2 ? MintState.PROOF_SUBMITTED : MintState.REWARDED,
                null));

    JobInfo job =
        finished(
            add("{\"tokenAddress\":\"" + TOKEN + "\",\"fileName\":\"a\",\"privacyData\":[1]}"));

    assertThat(calls).hasValue(3);
    assertThat(job.state()).isEqualTo(JobState.COMPLETED);
    assertThat(job.attemptsMade()).isEqualTo(1);
    assertThat(job.returnValue()).contains("\"state\":\"REWARDED\"");
  }

  @Test
  void aPostponedMintsJobWaitsUntilTheMintIsDueAgain() throws InterruptedException {
    current =
        MintBuilder.mint(TOKEN)
            .in(MintState.UPLOADED)
            .withNextAttemptAt(java.time.Instant.now().plusSeconds(30))
            .build();
    start(
        r -> {
          throw MintStepException.retryable("UPLOADED: node unavailable", null);
        });

    String id = add("{\"tokenAddress\":\"" + TOKEN + "\",\"fileName\":\"a\",\"privacyData\":[1]}");

    JobInfo job =
        Await.until(
            Duration.ofSeconds(10),
            () -> queue.job(id).orElseThrow(),
            j -> j.state() == JobState.DELAYED);
    assertThat(job.attemptsMade()).isZero();
    assertThat(job.failedReason()).isNull();
    // With the least delay (50 ms) it would have run some twenty times by now.
    Thread.sleep(1000);
    assertThat(seen).hasSize(1);
    assertThat(queue.job(id).orElseThrow().state()).isEqualTo(JobState.DELAYED);
  }

  @Test
  void aMintThatEndsFailedFailsTheJobAtOnceWithTheReason() {
    start(r -> mint(r.tokenAddress(), MintState.FAILED, "REGISTERED: reverted FileUrlAlreadyUsed"));

    JobInfo job =
        finished(
            add("{\"tokenAddress\":\"" + TOKEN + "\",\"fileName\":\"a\",\"privacyData\":[1]}"));

    assertThat(job.state()).isEqualTo(JobState.FAILED);
    assertThat(job.attemptsMade()).isEqualTo(1);
    assertThat(job.failedReason())
        .isEqualTo("mint failed: REGISTERED: reverted FileUrlAlreadyUsed");
  }

  static Mint mint(String token, MintState state, String lastError) {
    return MintBuilder.mint(token)
        .withFileId(7)
        .withJobId(8)
        .withDatTokenId(9)
        .in(state)
        .withLastError(lastError)
        .build();
  }
}
