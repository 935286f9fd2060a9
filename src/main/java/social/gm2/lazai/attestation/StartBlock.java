package social.gm2.lazai.attestation;

import java.util.OptionalLong;

/**
 * Where the poller starts on an empty cursor: {@code lazai.attestation.start-block} when set; on
 * the local devnet, the contracts' deployment block; on any other chain, the oldest reward block a
 * mint still waits at (its {@code JobComplete} lies before it, inside the targeted check's window),
 * or the newest confirmed block when none waits — never genesis, whose scan would take hours before
 * the first badge.
 */
record StartBlock(Long configured, boolean devnet, long deploymentBlock) {

  /**
   * @param oldestWaiting the oldest reward block of a waiting mint
   * @param safeHead {@code head − confirmations}
   */
  long resolve(OptionalLong oldestWaiting, long safeHead) {
    if (configured != null) {
      return configured;
    }
    if (devnet) {
      return deploymentBlock;
    }
    long head = Math.max(0, safeHead);
    long from = oldestWaiting.isPresent() ? Math.min(oldestWaiting.getAsLong(), head) : head;
    return Math.max(deploymentBlock, from);
  }

  /** Where it came from, for the log. */
  String source(OptionalLong oldestWaiting) {
    if (configured != null) {
      return "lazai.attestation.start-block";
    }
    if (devnet) {
      return "the devnet's deployment block";
    }
    return oldestWaiting.isPresent()
        ? "the oldest reward block of a mint waiting for its attestation"
        : "the newest confirmed block (no mint waits)";
  }
}
