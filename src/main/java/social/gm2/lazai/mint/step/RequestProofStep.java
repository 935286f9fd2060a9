package social.gm2.lazai.mint.step;

import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.ProofRequest;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStep;
import social.gm2.lazai.mint.MintStore;

/**
 * REGISTERED → PROOF_REQUESTED: one verified-computing job for the file. The request's intent key
 * makes a retry wait for the transaction already sent, so the fee is never paid twice. A further
 * job for the same file (when {@link ProofDeadline} re-requests an overdue one) is opened here too,
 * under an intent key of its own ({@code requestProof#2}, …). The wallet that registered the file
 * sends and pays it.
 */
final class RequestProofStep implements MintStep {
  private final LazaiChain chain;
  private final MintStore mints;

  RequestProofStep(LazaiChain chain, MintStore mints) {
    this.chain = chain;
    this.mints = mints;
  }

  @Override
  public MintState from() {
    return MintState.REGISTERED;
  }

  @Override
  public Mint run(Mint mint) {
    return open(mint, "requested");
  }

  /**
   * Opens the file's next job: the first, or one more than the mint has requested so far. The
   * intent key is derived from that count, so a resumed request waits for the transaction already
   * sent for it.
   */
  Mint open(Mint mint, String detail) {
    int nth = mint.proofRequests() + 1;
    String intent = nth == 1 ? "requestProof" : "requestProof#" + nth;
    ProofRequest job =
        MintWallet.of(chain, mint).requestProof(mint.intent(intent), new FileId(mint.fileId()));
    return mints.proofRequested(mint, job.jobId().value(), job.node(), job.tx().hash(), detail);
  }
}
