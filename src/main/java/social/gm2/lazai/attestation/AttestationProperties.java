package social.gm2.lazai.attestation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import social.gm2.lazai.config.Setting;

/**
 * How attestations ({@code JobComplete} logs of the VerifiedComputing contract) are found and
 * checked (lazai-protocol §3 step 9, §13.7).
 *
 * @param enabled whether this instance runs the log poller and the backfill (default true); with it
 *     off, a targeted check still searches the chain around the reward block as the original did
 * @param confirmations blocks a log must have on top of it before it is read ({@code head −
 *     confirmations} is the newest block read); a reorg shallower than this never reaches the store
 * @param pollInterval time between polls once the poller has caught up with the chain
 * @param initialRange blocks per {@code eth_getLogs} to start with; halved when the RPC refuses a
 *     range or caps its results, doubled again after each success
 * @param maxRange the widest range asked for
 * @param deadline a rewarded mint with no verified attestation this long after its reward is
 *     flagged overdue (metric and status); it is never dropped
 * @param leaseDuration how long the polling lease of one instance lasts without renewal; another
 *     instance takes over after that
 * @param startBlock where the poller starts on an empty cursor. Unset: on the local devnet, {@code
 *     lazai.chain.deployment-block}; on any other chain, the oldest reward block of a mint still
 *     waiting for its attestation (new or imported from the original service), or the newest
 *     confirmed block when none waits, never genesis
 * @param importSearchBlocks how far before its reward block the {@code JobComplete} of a mint
 *     imported from the original service is searched (once per instance; default 100000), since the
 *     original's 100-block window missed it for good
 */
@ConfigurationProperties("lazai.attestation")
public record AttestationProperties(
    Boolean enabled,
    Integer confirmations,
    Duration pollInterval,
    Integer initialRange,
    Integer maxRange,
    Duration deadline,
    Duration leaseDuration,
    Long startBlock,
    Long importSearchBlocks) {

  private static final Setting AT = Setting.property("lazai.attestation");

  public AttestationProperties {
    enabled = enabled == null || enabled;
    confirmations = confirmations == null ? 6 : confirmations;
    pollInterval = pollInterval == null ? Duration.ofSeconds(5) : pollInterval;
    initialRange = initialRange == null ? 500 : initialRange;
    maxRange = maxRange == null ? 5_000 : maxRange;
    deadline = deadline == null ? Duration.ofMinutes(30) : deadline;
    leaseDuration = leaseDuration == null ? Duration.ofSeconds(30) : leaseDuration;
    if (confirmations < 0) {
      throw at("confirmations").problem("must be 0 or more, got " + confirmations);
    }
    positive("poll-interval", pollInterval);
    positive("deadline", deadline);
    if (initialRange < 1 || maxRange < initialRange) {
      throw at("initial-range")
          .problem(
              "must be at least 1 and at most max-range (" + maxRange + "), got " + initialRange);
    }
    if (leaseDuration.compareTo(pollInterval.multipliedBy(2)) < 0) {
      throw at("lease-duration")
          .problem("must be at least twice poll-interval, or the lease lapses between two polls");
    }
    importSearchBlocks = importSearchBlocks == null ? 100_000L : importSearchBlocks;
    if (importSearchBlocks < 0) {
      throw at("import-search-blocks").problem("must be 0 or more, got " + importSearchBlocks);
    }
    if (startBlock != null && startBlock < 0) {
      throw at("start-block").problem("must be 0 or more, got " + startBlock);
    }
  }

  private static Setting at(String field) {
    return AT.child(null, field);
  }

  private static void positive(String field, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw at(field).problem("must be positive, got " + value);
    }
  }
}
