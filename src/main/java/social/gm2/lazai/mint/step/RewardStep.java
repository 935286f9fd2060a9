package social.gm2.lazai.mint.step;

import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.Reward;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStep;
import social.gm2.lazai.mint.MintStore;

/**
 * PROOF_SUBMITTED → REWARDED: the reward claimed with the node's proof, which mints the DAT; a file
 * rewarded already (by an earlier attempt) answers with that reward.
 */
final class RewardStep implements MintStep {
  private final LazaiChain chain;
  private final MintStore mints;

  RewardStep(LazaiChain chain, MintStore mints) {
    this.chain = chain;
    this.mints = mints;
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
    return mints.rewarded(
        mint, reward.tokenId(), reward.amount(), reward.tx().hash(), reward.tx().blockNumber());
  }
}
