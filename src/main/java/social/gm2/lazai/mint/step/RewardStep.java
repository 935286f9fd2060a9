package social.gm2.lazai.mint.step;

import java.util.Locale;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.Reward;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStep;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.mint.MintStore;

/**
 * PROOF_SUBMITTED → REWARDED: the reward claimed with the node's proof, which mints the DAT to the
 * file's owner, the wallet that registered it (and sends this claim); a file rewarded already (by
 * an earlier attempt) answers with that reward. With a treasury configured, that wallet then
 * transfers the DAT there, under an intent key of the mint's own: a retry after a crash, before or
 * after the transfer was mined, waits for the transfer already sent, so the DAT moves exactly once.
 * The mint becomes REWARDED only when the DAT is where it is meant to be.
 */
final class RewardStep implements MintStep {
  private final LazaiChain chain;
  private final MintStore mints;
  private final String treasury;

  /**
   * @param treasury where the DATs go ({@code lazai.mint.treasury-address}, lower-case), or null
   */
  RewardStep(LazaiChain chain, MintStore mints, String treasury) {
    this.chain = chain;
    this.mints = mints;
    this.treasury = treasury;
  }

  @Override
  public MintState from() {
    return MintState.PROOF_SUBMITTED;
  }

  @Override
  public Mint run(Mint mint) {
    LazaiChain owner = MintWallet.of(chain, mint);
    // Already rewarded (by this intent's own transaction or any other) is answered as done.
    Reward reward =
        owner.requestReward(
            mint.intent("requestReward"), new FileId(mint.fileId()), mint.proofIndex());
    String holder = reward.owner().toLowerCase(Locale.ROOT);
    String transfer = null;
    if (treasury != null && !treasury.equals(holder)) {
      if (!holder.equals(owner.wallet())) {
        throw MintStepException.permanent(
            "DAT "
                + reward.tokenId()
                + " was minted to "
                + holder
                + ", not to the wallet "
                + owner.wallet()
                + " that registered the file, so it cannot be transferred to the treasury "
                + treasury);
      }
      ChainTx moved =
          owner.transferDat(
              mint.intent("transferDat"), reward.tokenId(), reward.amount(), treasury);
      transfer = moved.hash();
      holder = treasury;
    }
    return mints.rewarded(
        mint,
        reward.tokenId(),
        reward.amount(),
        reward.tx().hash(),
        reward.tx().blockNumber(),
        holder,
        transfer);
  }
}
