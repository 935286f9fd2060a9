package social.gm2.lazai.mint.jobs;

import java.math.BigInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.queue.Job;
import social.gm2.lazai.queue.JobHandler;
import social.gm2.lazai.queue.NonRetryableJobException;

/**
 * Runs {@code lazai-fetch-attestator} jobs: the payload, validated, names a token whose attestation
 * is checked ({@code AttestationReconciler::checkToken}). A token still waiting stays REWARDED and
 * is picked up by the poller or the backfill later, so the job completes either way.
 */
public final class FetchAttestatorJobs implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(FetchAttestatorJobs.class);

  private final TokenCheck check;

  /** Checks one token's attestation. */
  @FunctionalInterface
  public interface TokenCheck {
    void checkToken(String tokenAddress, long blockNumber, BigInteger fileId);
  }

  public FetchAttestatorJobs(TokenCheck check) {
    this.check = check;
  }

  @Override
  public String process(Job job) {
    FetchAttestatorPayload payload;
    try {
      payload = FetchAttestatorPayload.parse(job.data());
    } catch (Payloads.InvalidPayloadException e) {
      throw new NonRetryableJobException("invalid payload: " + e.getMessage());
    }
    check.checkToken(payload.tokenAddress(), payload.blockNumber(), payload.fileId());
    log.info(
        "queue={} job={} token={} attestation checked",
        job.queue(),
        job.id(),
        payload.tokenAddress());
    return Payloads.JSON
        .createObjectNode()
        .put("tokenAddress", payload.tokenAddress())
        .put("checked", true)
        .toString();
  }
}
