package social.gm2.lazai.mint.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.mint.InvalidMintRequestException;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.mint.PayloadLimit;
import social.gm2.lazai.queue.DataLimit;
import social.gm2.lazai.queue.Job;
import social.gm2.lazai.queue.JobDelayedException;
import social.gm2.lazai.queue.JobHandler;
import social.gm2.lazai.queue.NonRetryableJobException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs {@code lazai-mint-dat} jobs: the payload, checked by field, goes to {@code
 * MintService.mint}, and the job waits for the mint's run. It completes only with a minted mint
 * (REWARDED or ATTESTED) and fails only with a bad payload or a FAILED mint. A run that ends short
 * of that (a retryable step failure postponed the mint, this instance is stopping, or no step of
 * this instance handles the state) moves the job back to delayed without using an attempt, until
 * the mint is due again: the mint goes on meanwhile on any instance (the runner's sweep), and the
 * job's next run finds it settled, held by another worker (and waits for it) or resumes it. Safe to
 * repeat: the runner resumes the token's mint where it stands.
 */
public final class MintDatJobs implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(MintDatJobs.class);

  /** The shortest wait before a job whose mint is not settled runs again, by default. */
  public static final Duration MIN_DELAY = Duration.ofSeconds(2);

  /** The longest: a postponed mint's next attempt is at most an hour away. */
  static final Duration MAX_DELAY = Duration.ofHours(1);

  private final Minter minter;
  private final Function<String, Optional<Mint>> mints;
  private final Clock clock;
  private final long maxDataSize;
  private final Duration minDelay;

  /** Mints a token's data and answers when its run ended: {@code MintService::mint}. */
  @FunctionalInterface
  public interface Minter {
    Mint mint(String tokenAddress, String fileName, byte[] privacyData);
  }

  /**
   * @param mints the token's mint as it stands ({@code MintService::find}): when it is due again
   */
  public MintDatJobs(
      Minter minter, Function<String, Optional<Mint>> mints, Clock clock, long maxDataSize) {
    this(minter, mints, clock, maxDataSize, MIN_DELAY);
  }

  /**
   * @param minDelay the shortest wait before a job whose mint is not settled runs again
   */
  public MintDatJobs(
      Minter minter,
      Function<String, Optional<Mint>> mints,
      Clock clock,
      long maxDataSize,
      Duration minDelay) {
    if (minDelay == null || minDelay.isNegative() || minDelay.isZero()) {
      throw new IllegalArgumentException("minDelay must be positive");
    }
    this.minter = minter;
    this.mints = mints;
    this.clock = clock;
    this.maxDataSize = maxDataSize;
    this.minDelay = minDelay;
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
      throw later(request.tokenAddress(), "mint not finished: " + e.getMessage());
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
    if (!MintState.MINTED.contains(mint.state())) {
      throw later(mint.tokenAddress(), "mint is " + mint.state() + ", not minted yet");
    }
    return result(mint);
  }

  /**
   * Back to delayed until the mint is due again (its next attempt after a postponement, or its
   * lease's end), within the least delay and {@link #MAX_DELAY}.
   */
  private JobDelayedException later(String token, String reason) {
    Duration delay = minDelay;
    Instant due = mints.apply(token).map(Mint::nextAttemptAt).orElse(null);
    if (due != null) {
      Duration untilDue = Duration.between(clock.instant(), due).plusMillis(500);
      if (untilDue.compareTo(delay) > 0) {
        delay = untilDue.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : untilDue;
      }
    }
    return new JobDelayedException(reason, delay);
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
