package social.gm2.lazai.attestation;

import java.util.OptionalLong;

/**
 * What the poller must not start after: the oldest reward block of a minted token still waiting for
 * its attestation (a new mint, or one imported from the original service). Implemented by the mint
 * side.
 */
@FunctionalInterface
public interface WaitingRewards {
  /** Empty when no rewarded mint waits. */
  OptionalLong oldestRewardBlock();
}
