package social.gm2.lazai.mint.jobs;

import java.time.Instant;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.Queues;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Adds the original service's jobs, with its payloads, options and job ids. */
public final class LazaiJobs {
  private final JobQueue mint;
  private final JobQueue fetchAttestator;
  private final JobQueue cronFetchAttestator;

  public LazaiJobs(Queues queues) {
    this.mint = queues.queue(LazaiQueues.MINT_DAT);
    this.fetchAttestator = queues.queue(LazaiQueues.FETCH_ATTESTATOR);
    this.cronFetchAttestator = queues.queue(LazaiQueues.CRON_FETCH_ATTESTATOR);
  }

  /** Queues a mint; the payload carries the data as an array of byte values, as the original. */
  public String enqueueMint(String tokenAddress, String fileName, byte[] privacyData) {
    ObjectNode payload = Payloads.JSON.createObjectNode();
    payload.put("tokenAddress", tokenAddress).put("fileName", fileName);
    ArrayNode bytes = payload.putArray("privacyData");
    for (byte b : privacyData) {
      bytes.add(b & 0xff);
    }
    return mint.add(LazaiQueues.MINT_DAT, payload.toString(), LazaiQueues.standardOptions());
  }

  /** Queues a token's attestation check; one pending check per token (job id by token). */
  public String enqueueFetchAttestator(AttestatorCheck check) {
    return fetchAttestator.add(
        LazaiQueues.FETCH_ATTESTATOR,
        check.toJson(),
        LazaiQueues.standardOptions().withJobId(check.jobId()));
  }

  /**
   * Queues the backfill of the period that starts at {@code periodStart}. The job id names the
   * period, so every instance may call this and the period still gets one job.
   */
  public String enqueueBackfill(Instant periodStart) {
    String id = LazaiQueues.CRON_FETCH_ATTESTATOR + "-" + periodStart.toEpochMilli();
    String data =
        Payloads.JSON.createObjectNode().put("periodStart", periodStart.toString()).toString();
    return cronFetchAttestator.add(
        LazaiQueues.CRON_FETCH_ATTESTATOR, data, LazaiQueues.standardOptions().withJobId(id));
  }
}
