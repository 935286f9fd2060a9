package social.gm2.lazai.mint.step;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.chain.ProofJob;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintProperties;
import social.gm2.lazai.mint.MintProperties.ProofDeadlinePolicy;
import social.gm2.lazai.mint.MintStepException;

/**
 * The proof deadline policy: what a job without {@code JobComplete} gets once its deadline has
 * passed — a report (the mint fails, naming the job) or, by policy, another job, opened by {@link
 * RequestProofStep}. A fee is paid again only on purpose, once per overdue job, and never beyond
 * the configured number of jobs.
 */
final class ProofDeadline {
  private static final Logger log = LoggerFactory.getLogger(ProofDeadline.class);

  private final RequestProofStep requests;
  private final Clock clock;
  private final Duration deadline;
  private final ProofDeadlinePolicy policy;
  private final int maxRequests;
  private final Counter overdue;

  ProofDeadline(
      RequestProofStep requests, Clock clock, MintProperties properties, MeterRegistry meters) {
    this.requests = requests;
    this.clock = clock;
    this.deadline = properties.proofDeadline();
    this.policy = properties.proofDeadlinePolicy();
    this.maxRequests = properties.maxProofRequests();
    this.overdue =
        Counter.builder("lazai.mint.proof.overdue")
            .description("Proof jobs without JobComplete past the proof deadline")
            .tag("policy", policy.name().toLowerCase(Locale.ROOT))
            .register(meters);
  }

  boolean passed(Mint mint) {
    return mint.proofRequestedAt() != null
        && clock.instant().isAfter(mint.proofRequestedAt().plus(deadline));
  }

  /**
   * For a job still open past its deadline: another job, when the policy says so and the file has
   * not had as many as allowed; otherwise a permanent failure naming the job.
   *
   * @throws MintStepException (permanent) when the job is reported rather than re-requested
   */
  Mint reRequestOrReport(Mint mint, ProofJob job) {
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
      throw MintStepException.permanent(
          late
              + "; with lazai.mint.proof-deadline-policy=report the mint stops here: retry it"
              + " to give the job another deadline");
    }
    if (mint.proofRequests() >= maxRequests) {
      throw MintStepException.permanent(
          late
              + "; "
              + mint.proofRequests()
              + " jobs were requested for file "
              + mint.fileId()
              + ", the most lazai.mint.max-proof-requests allows");
    }
    log.warn(
        "mint token={} {}; requesting job #{} for the file",
        mint.tokenAddress(),
        late,
        mint.proofRequests() + 1);
    return requests.open(mint, "re-requested after job " + mint.jobId() + " was overdue");
  }
}
