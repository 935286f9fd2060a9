package social.gm2.lazai.mint.jobs;

import java.time.Duration;
import java.time.Instant;
import social.gm2.lazai.queue.Backoff;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.KeepJobs;
import social.gm2.lazai.queue.Queues;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The original service's three queues, with the names, payloads, job ids and options it used; adds
 * their jobs as it did.
 */
public final class LazaiQueues {
  /** "Mint a DAT" jobs: {@code {tokenAddress, fileName, privacyData: number[]}}. */
  public static final String MINT_DAT = "lazai-mint-dat";

  /** "Check this token's attestation" jobs: {@code {blockNumber, tokenAddress, fileId}}. */
  public static final String FETCH_ATTESTATOR = "lazai-fetch-attestator";

  /** The periodic attestation backfill. */
  public static final String CRON_FETCH_ATTESTATOR = "lazai-cron-fetch-attestator";

  private final Queues queues;

  public LazaiQueues(Queues queues) {
    this.queues = queues;
  }

  /** attempts 3, exponential backoff from 1 s, the newest 100 completed and failed jobs kept. */
  public static JobOptions standardOptions() {
    return new JobOptions(
        null,
        3,
        Backoff.exponential(Duration.ofSeconds(1).toMillis()),
        Duration.ZERO,
        KeepJobs.last(100),
        KeepJobs.last(100));
  }

  /** Queues a mint; the payload carries the data as an array of byte values, as the original. */
  public String enqueueMint(String tokenAddress, String fileName, byte[] privacyData) {
    ObjectNode payload = Payloads.JSON.createObjectNode();
    payload.put("tokenAddress", tokenAddress).put("fileName", fileName);
    ArrayNode bytes = payload.putArray("privacyData");
    for (byte b : privacyData) {
      bytes.add(b & 0xff);
    }
    return queues.queue(MINT_DAT).add(MINT_DAT, payload.toString(), standardOptions());
  }

  /** Queues a token's attestation check; one pending check per token (job id by token). */
  public String enqueueFetchAttestator(FetchAttestatorPayload check) {
    return queues
        .queue(FETCH_ATTESTATOR)
        .add(FETCH_ATTESTATOR, check.toJson(), standardOptions().withJobId(check.jobId()));
  }

  /**
   * Queues the backfill of the period that starts at {@code periodStart}. The job id names the
   * period, so every instance may call this and the period still gets one job.
   */
  public String enqueueBackfill(Instant periodStart) {
    String id = CRON_FETCH_ATTESTATOR + "-" + periodStart.toEpochMilli();
    String data =
        Payloads.JSON.createObjectNode().put("periodStart", periodStart.toString()).toString();
    return queues
        .queue(CRON_FETCH_ATTESTATOR)
        .add(CRON_FETCH_ATTESTATOR, data, standardOptions().withJobId(id));
  }
}
