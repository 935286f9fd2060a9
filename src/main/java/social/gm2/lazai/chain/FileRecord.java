package social.gm2.lazai.chain;

import java.math.BigInteger;

/**
 * A registered file as {@code DataRegistry.getFile} returns it.
 *
 * @param proofIndex the proof that earned the reward (0 until rewarded)
 * @param rewardAmount the DAT amount minted for it (0 until rewarded)
 */
public record FileRecord(
    FileId id,
    String owner,
    String url,
    String hash,
    BigInteger proofIndex,
    BigInteger rewardAmount) {

  public boolean rewarded() {
    return rewardAmount.signum() != 0;
  }
}
