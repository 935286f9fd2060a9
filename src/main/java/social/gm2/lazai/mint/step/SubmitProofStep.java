package social.gm2.lazai.mint.step;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.ProofJob;
import social.gm2.lazai.crypto.RsaKeyWrap;
import social.gm2.lazai.crypto.RsaScheme;
import social.gm2.lazai.crypto.Wallet;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStep;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.mint.MintStore;
import social.gm2.lazai.mint.NodeKeys;
import social.gm2.lazai.mint.ProofNode;

/**
 * PROOF_REQUESTED → PROOF_SUBMITTED: the job's node gets the file URL, the seed and the password
 * wrapped for its RSA key, completes the job and adds its proof. A job the node already completed
 * is not sent again; the proof index is the one whose {@code ProofAdded} the job's node sent
 * (§13.5), not "index 1". A job still open past the proof deadline goes to {@link ProofDeadline}.
 */
final class SubmitProofStep implements MintStep {
  private final LazaiChain chain;
  private final MintStore mints;
  private final Wallet wallet;
  private final ProofNode nodes;
  private final RsaScheme scheme;
  private final ProofDeadline deadline;

  SubmitProofStep(
      LazaiChain chain,
      MintStore mints,
      Wallet wallet,
      ProofNode nodes,
      RsaScheme scheme,
      ProofDeadline deadline) {
    this.chain = chain;
    this.mints = mints;
    this.wallet = wallet;
    this.nodes = nodes;
    this.scheme = scheme;
    this.deadline = deadline;
  }

  @Override
  public MintState from() {
    return MintState.PROOF_REQUESTED;
  }

  @Override
  public Mint run(Mint mint) {
    ProofJob job = chain.job(new JobId(mint.jobId()));
    if (job.status() != ProofJob.Status.COMPLETED) {
      if (deadline.passed(mint)) {
        return deadline.reRequestOrReport(mint, job);
      }
      NodeInfo node = chain.node(job.node());
      RSAPublicKey nodeKey = NodeKeys.require(job.node(), node.publicKey());
      String key = RsaKeyWrap.wrap(nodeKey, wallet.derivePassword(mint.seed()), scheme);
      nodes.requestProof(
          node.url(),
          new ProofNode.Request(mint.jobId(), mint.fileId(), mint.url(), key, mint.seed()));
    }
    Optional<BigInteger> proof = chain.proofIndexAddedBy(new FileId(mint.fileId()), job.node());
    if (proof.isEmpty()) {
      throw MintStepException.retryable(
          "node "
              + job.node()
              + " reported job "
              + mint.jobId()
              + " done, but its proof for file "
              + mint.fileId()
              + " is not on chain yet",
          null);
    }
    return mints.proofSubmitted(mint, proof.get());
  }
}
