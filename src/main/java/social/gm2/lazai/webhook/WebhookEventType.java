package social.gm2.lazai.webhook;

import java.util.Optional;
import social.gm2.lazai.mint.MintState;

/** The events a subscriber can receive, each caused by one kind of mint move. */
public enum WebhookEventType {
  /** The DAT is minted: the reward was claimed (not sent for mints imported as minted). */
  MINT_REWARDED("mint.rewarded"),
  /** The node's {@code JobComplete} log for the mint's job is verified. */
  MINT_ATTESTED("mint.attested"),
  /** The mint stopped on a permanent failure; a human must look at it. */
  MINT_FAILED("mint.failed"),
  /** The attestation the mint recorded is gone (a reorg removed its log). */
  ATTESTATION_REVOKED("attestation.revoked");

  private final String wireName;

  WebhookEventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name in the payload's {@code type} and in the subscriber's event filter. */
  public String wireName() {
    return wireName;
  }

  /**
   * The event a move causes, if any. Moves from no state (imports) and moves in place (a state
   * recorded again with new side columns) cause none.
   */
  public static Optional<WebhookEventType> of(MintState from, MintState to) {
    if (from == null || from == to) {
      return Optional.empty();
    }
    if (to == MintState.FAILED) {
      return Optional.of(MINT_FAILED);
    }
    if (to == MintState.ATTESTED) {
      return Optional.of(MINT_ATTESTED);
    }
    if (to == MintState.REWARDED) {
      return Optional.of(from == MintState.ATTESTED ? ATTESTATION_REVOKED : MINT_REWARDED);
    }
    return Optional.empty();
  }
}
