package social.gm2.lazai.attestation;

import java.util.Locale;
import java.util.Optional;
import social.gm2.lazai.chain.JobCompleted;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.ProofJob;

/**
 * Decides whether a {@code JobComplete} log is an attestation (lazai-protocol §13.7): emitted by
 * the configured VerifiedComputing contract, for a job that exists with the log's file id, by the
 * node the job was assigned to, and the job Completed on chain. A log that fails any of these is
 * kept as rejected with the reason, never counted.
 */
final class JobCompleteVerifier {
  private final LazaiChain chain;
  private final String verifiedComputing;

  JobCompleteVerifier(LazaiChain chain, String verifiedComputing) {
    this.chain = chain;
    this.verifiedComputing = verifiedComputing.toLowerCase(Locale.ROOT);
  }

  /** The log with its verdict: empty rejection means verified. */
  Checked check(JobCompleted log) {
    return new Checked(log, rejection(log));
  }

  private Optional<String> rejection(JobCompleted log) {
    if (!verifiedComputing.equals(lower(log.emitter()))) {
      return Optional.of(
          "emitted by " + log.emitter() + ", not VerifiedComputing " + verifiedComputing);
    }
    ProofJob job = chain.job(log.jobId());
    if (job.status() == ProofJob.Status.NONE || job.fileId() == null) {
      return Optional.of("job " + log.jobId() + " does not exist on chain");
    }
    if (!job.fileId().equals(log.fileId())) {
      return Optional.of(
          "job " + log.jobId() + " is for file " + job.fileId() + ", the log says " + log.fileId());
    }
    if (!lower(job.node()).equals(lower(log.attestator()))) {
      return Optional.of(
          "job "
              + log.jobId()
              + " was assigned to node "
              + job.node()
              + ", the log names "
              + log.attestator());
    }
    if (job.status() != ProofJob.Status.COMPLETED) {
      return Optional.of("job " + log.jobId() + " is " + job.status() + " on chain, not COMPLETED");
    }
    return Optional.empty();
  }

  private static String lower(String address) {
    return address == null ? "" : address.toLowerCase(Locale.ROOT);
  }

  /** A log and why it is not an attestation (empty: it is one). */
  record Checked(JobCompleted log, Optional<String> rejection) {
    boolean verified() {
      return rejection.isEmpty();
    }

    Attestation attestation() {
      return new Attestation(
          log.jobId(),
          log.fileId(),
          lower(log.attestator()),
          log.txHash(),
          log.logIndex(),
          log.blockNumber(),
          log.blockHash());
    }
  }
}
