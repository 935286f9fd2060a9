package social.gm2.lazai.mint.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.mint.InvalidMintRequestException;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.mint.PayloadLimit;
import social.gm2.lazai.queue.DataLimit;
import social.gm2.lazai.queue.Job;
import social.gm2.lazai.queue.JobHandler;
import social.gm2.lazai.queue.NonRetryableJobException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs {@code lazai-mint-dat} jobs: the payload, checked by field, goes to {@code
 * MintService.mint}, and the job ends when the mint's run does. A bad payload or a mint that ends
 * FAILED fails the job at once with the reason; a retryable step failure is thrown for the queue to
 * retry with the job's backoff. Safe to repeat: the runner resumes the token's mint where it
 * stands.
 */
public final class MintDatJobs implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(MintDatJobs.class);

  private final Minter minter;
  private final long maxDataSize;

  /** Mints a token's data and answers when its run ended: {@code MintService::mint}. */
  @FunctionalInterface
  public interface Minter {
    Mint mint(String tokenAddress, String fileName, byte[] privacyData);
  }

  public MintDatJobs(Minter minter, long maxDataSize) {
    this.minter = minter;
    this.maxDataSize = maxDataSize;
  }

  /**
   * The longest payload a worker loads: that of the largest valid request (its data as JSON
   * numbers, {@link PayloadLimit}); a longer one fails at once without being loaded.
   */
  public static DataLimit payloadLimit(long maxDataSize) {
    return new DataLimit(PayloadLimit.jsonBytes(maxDataSize), PayloadLimit.rule());
  }

  @Override
  public String process(Job job) {
    MintPayload request;
    try {
      request = MintPayload.parse(job.data(), maxDataSize);
    } catch (InvalidMintRequestException | Payloads.InvalidPayloadException e) {
      log.warn("queue={} job={} invalid payload: {}", job.queue(), job.id(), e.getMessage());
      throw new NonRetryableJobException("invalid payload: " + e.getMessage());
    }
    Mint mint;
    try {
      mint = minter.mint(request.tokenAddress(), request.fileName(), request.privacyData());
    } catch (InvalidMintRequestException e) {
      throw new NonRetryableJobException("invalid payload: " + e.getMessage());
    } catch (MintStepException e) {
      if (!e.retryable()) {
        throw new NonRetryableJobException(e.getMessage(), e);
      }
      log.info(
          "queue={} job={} token={} will be retried: {}",
          job.queue(),
          job.id(),
          request.tokenAddress(),
          e.getMessage());
      throw e;
    }
    log.info(
        "queue={} job={} token={} state={}",
        job.queue(),
        job.id(),
        mint.tokenAddress(),
        mint.state());
    if (mint.state() == MintState.FAILED) {
      throw new NonRetryableJobException("mint failed: " + mint.lastError());
    }
    return result(mint);
  }

  private static String result(Mint mint) {
    ObjectNode out = Payloads.JSON.createObjectNode();
    out.put("tokenAddress", mint.tokenAddress());
    out.put("state", mint.state().name());
    if (mint.fileId() != null) {
      out.put("fileId", mint.fileId().toString());
    }
    if (mint.jobId() != null) {
      out.put("jobId", mint.jobId().toString());
    }
    if (mint.datTokenId() != null) {
      out.put("datTokenId", mint.datTokenId().toString());
    }
    return out.toString();
  }
}
