package social.gm2.lazai.mint;

import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.Reward;

/**
 * PROOF_SUBMITTED → REWARDED: the reward claimed with the node's proof, which mints the DAT; a file
 * rewarded already (by an earlier attempt) answers with that reward.
 */
final class RewardStep implements MintStep {
  private final LazaiChain chain;
  private final MintRepository mints;
  private final boolean legacyAttestedAtReward;

  RewardStep(LazaiChain chain, MintRepository mints, boolean legacyAttestedAtReward) {
    this.chain = chain;
    this.mints = mints;
    this.legacyAttestedAtReward = legacyAttestedAtReward;
  }

  @Override
  public MintState from() {
    return MintState.PROOF_SUBMITTED;
  }

  @Override
  public Mint run(Mint mint) {
    // Already rewarded (by this intent's own transaction or any other) is answered as done.
    Reward reward =
        chain.requestReward(
            mint.intent("requestReward"), new FileId(mint.fileId()), mint.proofIndex());
    mints.recordLegacy(
        mint.tokenAddress(),
        mint.fileId(),
        mint.jobId(),
        reward.tx().hash(),
        reward.tx().blockNumber());
    if (legacyAttestedAtReward) {
      mints.markProjectAttested(mint.tokenAddress());
    }
    return mints.rewarded(
        mint, reward.tokenId(), reward.amount(), reward.tx().hash(), reward.tx().blockNumber());
  }
}
