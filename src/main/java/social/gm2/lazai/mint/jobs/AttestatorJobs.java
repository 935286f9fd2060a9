package social.gm2.lazai.mint.jobs;

import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.queue.JobHandler;
import social.gm2.lazai.queue.NonRetryableJobException;

/**
 * The consumers of the two attestator queues: they validate the payload and hand it to the
 * attestation feature's {@link AttestatorChecks}. Until a service has that feature, its jobs fail
 * with a reason saying so, rather than completing without having checked anything.
 */
public final class AttestatorJobs {
  private static final Logger log = LoggerFactory.getLogger(AttestatorJobs.class);
  static final String NO_HANDLER =
      "this service has no attestation handler (AttestatorChecks bean); the job was not processed";

  private final Supplier<AttestatorChecks> checks;

  /**
   * @param checks the attestation feature's handler, or null while there is none
   */
  public AttestatorJobs(Supplier<AttestatorChecks> checks) {
    this.checks = checks;
  }

  /** {@code lazai-fetch-attestator}: one token. */
  public JobHandler fetchAttestator() {
    return job -> {
      AttestatorCheck check;
      try {
        check = AttestatorCheck.parse(job.data());
      } catch (Payloads.InvalidPayloadException e) {
        throw new NonRetryableJobException("invalid payload: " + e.getMessage());
      }
      handler().checkToken(check.tokenAddress(), check.blockNumber(), check.fileId());
      log.info(
          "queue={} job={} token={} attestation checked",
          job.queue(),
          job.id(),
          check.tokenAddress());
      return Payloads.JSON
          .createObjectNode()
          .put("tokenAddress", check.tokenAddress())
          .put("checked", true)
          .toString();
    };
  }

  /** {@code lazai-cron-fetch-attestator}: the periodic backfill. */
  public JobHandler backfill() {
    return job -> {
      handler().backfill();
      log.info("queue={} job={} backfill done", job.queue(), job.id());
      return "{\"backfill\":true}";
    };
  }

  private AttestatorChecks handler() {
    AttestatorChecks handler = checks.get();
    if (handler == null) {
      throw new NonRetryableJobException(NO_HANDLER);
    }
    return handler;
  }
}
