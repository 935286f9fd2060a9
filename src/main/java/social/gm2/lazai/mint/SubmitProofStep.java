package social.gm2.lazai.mint;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.Job;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.crypto.RsaKeyWrap;
import social.gm2.lazai.crypto.RsaScheme;
import social.gm2.lazai.crypto.Wallet;

/**
 * PROOF_REQUESTED → PROOF_SUBMITTED: the job's node gets the file URL, the seed and the password
 * wrapped for its RSA key, completes the job and adds its proof. A job the node already completed
 * is not sent again; the proof index is the one whose {@code ProofAdded} the job's node sent
 * (§13.5), not "index 1". A job still open past the proof deadline goes to {@link ProofDeadline}.
 */
final class SubmitProofStep implements MintStep {
  private final LazaiChain chain;
  private final MintRepository mints;
  private final Wallet wallet;
  private final NodeUrlPolicy nodeUrls;
  private final ProofNodeClient nodes;
  private final RsaScheme scheme;
  private final ProofDeadline deadline;

  SubmitProofStep(
      LazaiChain chain,
      MintRepository mints,
      Wallet wallet,
      NodeUrlPolicy nodeUrls,
      ProofNodeClient nodes,
      RsaScheme scheme,
      ProofDeadline deadline) {
    this.chain = chain;
    this.mints = mints;
    this.wallet = wallet;
    this.nodeUrls = nodeUrls;
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
    FileId file = new FileId(mint.fileId());
    Job job = chain.job(new JobId(mint.jobId()));
    if (job.status() != Job.Status.COMPLETED) {
      if (deadline.passed(mint)) {
        return deadline.overdue(mint, job);
      }
      NodeInfo node = chain.node(job.node());
      NodeUrlPolicy.Target url = nodeUrls.resolve(node.url());
      RSAPublicKey nodeKey = NodeKeys.require(job.node(), node.publicKey());
      String key = RsaKeyWrap.wrap(nodeKey, wallet.derivePassword(mint.seed()), scheme);
      nodes.requestProof(
          url,
          new ProofNodeClient.ProofRequestBody(
              mint.jobId(), mint.fileId(), mint.url(), key, mint.seed()));
    }
    Optional<BigInteger> proof = chain.proofIndexAddedBy(file, job.node());
    if (proof.isEmpty()) {
      throw new MintStepException(
          "node "
              + job.node()
              + " reported job "
              + mint.jobId()
              + " done, but its proof for file "
              + mint.fileId()
              + " is not on chain yet",
          true,
          null);
    }
    return mints.proofSubmitted(mint, proof.get());
  }
}
