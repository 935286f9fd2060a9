package social.gm2.lazai.mint;

import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.ProofRequest;

/**
 * REGISTERED → PROOF_REQUESTED: one verified-computing job for the file. The request's intent key
 * makes a retry wait for the transaction already sent, so the fee is never paid twice.
 */
final class RequestProofStep implements MintStep {
  private final LazaiChain chain;
  private final MintRepository mints;

  RequestProofStep(LazaiChain chain, MintRepository mints) {
    this.chain = chain;
    this.mints = mints;
  }

  @Override
  public MintState from() {
    return MintState.REGISTERED;
  }

  @Override
  public Mint run(Mint mint) {
    ProofRequest job = chain.requestProof(mint.intent("requestProof"), new FileId(mint.fileId()));
    mints.recordLegacy(mint.tokenAddress(), mint.fileId(), job.jobId().value(), null, null);
    return mints.proofRequested(
        mint, job.jobId().value(), job.node(), job.tx().hash(), "requested");
  }
}
