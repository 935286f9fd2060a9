package social.gm2.lazai.mint.attestation;

import java.time.Instant;

/**
 * Where a token's attestation stands, for the API: ATTESTED (with the node, tx and block), PENDING
 * (rewarded, within the deadline), OVERDUE (rewarded, past the deadline, still watched), or
 * NOT_REWARDED (the pipeline has not got that far).
 */
public record AttestationStatus(
    String tokenAddress,
    State state,
    String attestator,
    String txHash,
    Long blockNumber,
    Instant rewardedAt,
    Instant deadline) {

  /** The attestation's state as the API reports it. */
  public enum State {
    NOT_REWARDED,
    PENDING,
    OVERDUE,
    ATTESTED
  }
}
