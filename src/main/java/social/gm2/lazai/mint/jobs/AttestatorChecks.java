package social.gm2.lazai.mint.jobs;

import java.math.BigInteger;

/**
 * What the {@code lazai-fetch-attestator} queue job asks for: a targeted attestation check of one
 * token (the original payload is {@code {blockNumber, tokenAddress, fileId}}), and the backfill
 * that reconciles every rewarded-but-unattested mint.
 */
public interface AttestatorChecks {

  /**
   * Records the token's attestation if it is verified; a token still waiting stays REWARDED and is
   * picked up by the poller or the backfill later, so the job never needs to be retried for it.
   *
   * @param blockNumber the reward block the original payload carries
   * @param fileId the file id the original payload carries; a mismatch with the mint is logged
   */
  void checkToken(String tokenAddress, long blockNumber, BigInteger fileId);

  /**
   * Reconciles every REWARDED and ATTESTED mint with the stored attestations; flags overdue ones.
   */
  void backfill();
}
