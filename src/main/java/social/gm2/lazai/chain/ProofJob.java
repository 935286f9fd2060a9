package social.gm2.lazai.chain;

import java.math.BigInteger;

/** A proof job as {@code VerifiedComputing.getJob} returns it. */
public record ProofJob(
    JobId id,
    FileId fileId,
    BigInteger bidAmount,
    Status status,
    long addedTimestamp,
    String owner,
    String node) {

  /** The contract's {@code JobStatus}, in its order. */
  public enum Status {
    NONE,
    SUBMITTED,
    COMPLETED,
    CANCELED
  }
}
