package social.gm2.lazai.mint;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.ProofJob;
import social.gm2.lazai.chain.ProofRequest;
import social.gm2.lazai.mint.MintProperties.ProofDeadlinePolicy;

/**
 * What a job without {@code JobComplete} gets once its deadline has passed: a report (the mint
 * fails, naming the job) or, by policy, another job. Each further job has an intent key of its own
 * ({@code requestProof#2}, …) that is derived from the count already recorded, so a retried or
 * resumed re-request waits for the transaction already sent: a fee is paid again only on purpose,
 * once per overdue job, and never beyond the configured number of jobs.
 */
final class ProofDeadline {
  private static final Logger log = LoggerFactory.getLogger(ProofDeadline.class);

  private final LazaiChain chain;
  private final MintRepository mints;
  private final Clock clock;
  private final Duration deadline;
  private final ProofDeadlinePolicy policy;
  private final int maxRequests;
  private final Counter overdue;

  ProofDeadline(
      LazaiChain chain,
      MintRepository mints,
      Clock clock,
      MintProperties properties,
      MeterRegistry meters) {
    this.chain = chain;
    this.mints = mints;
    this.clock = clock;
    this.deadline = properties.proofDeadline();
    this.policy = properties.proofDeadlinePolicy();
    this.maxRequests = properties.maxProofRequests();
    this.overdue =
        Counter.builder("lazai.mint.proof.overdue")
            .description("Proof jobs without JobComplete past the proof deadline")
            .tag("policy", policy.name().toLowerCase(java.util.Locale.ROOT))
            .register(meters);
  }

  boolean passed(Mint mint) {
    return mint.proofRequestedAt() != null
        && clock.instant().isAfter(mint.proofRequestedAt().plus(deadline));
  }

  /**
   * Re-requests the overdue job, or fails the mint with a reason when the policy or the number of
   * jobs already paid for says not to.
   */
  Mint overdue(Mint mint, ProofJob job) {
    overdue.increment();
    String late =
        "job "
            + mint.jobId()
            + " on node "
            + job.node()
            + " has no JobComplete "
            + Duration.between(mint.proofRequestedAt(), clock.instant()).withNanos(0)
            + " after it was requested (lazai.mint.proof-deadline "
            + deadline
            + ")";
    if (policy == ProofDeadlinePolicy.REPORT) {
      throw new MintStepException(
          late
              + "; with lazai.mint.proof-deadline-policy=report the mint stops here: retry it"
              + " to give the job another deadline",
          false,
          null);
    }
    if (mint.proofRequests() >= maxRequests) {
      throw new MintStepException(
          late
              + "; "
              + mint.proofRequests()
              + " jobs were requested for file "
              + mint.fileId()
              + ", the most lazai.mint.max-proof-requests allows",
          false,
          null);
    }
    int next = mint.proofRequests() + 1;
    log.warn("mint token={} {}; requesting job #{} for the file", mint.tokenAddress(), late, next);
    ProofRequest again =
        chain.requestProof(mint.intent("requestProof#" + next), new FileId(mint.fileId()));
    mints.recordLegacy(mint.tokenAddress(), mint.fileId(), again.jobId().value(), null, null);
    return mints.proofRequested(
        mint,
        again.jobId().value(),
        again.node(),
        again.tx().hash(),
        "re-requested after job " + mint.jobId() + " was overdue");
  }
}
