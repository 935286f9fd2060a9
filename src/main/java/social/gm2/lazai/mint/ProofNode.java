package social.gm2.lazai.mint;

import java.math.BigInteger;

/**
 * A verified-computing node's proof API (lazai-protocol §8): the node is given a job's file, the
 * seed and the password wrapped for its RSA key; it completes the job on chain, adds its proof for
 * the file and answers. A node that does not answer, or answers 5xx, 408 or 429, fails with a
 * retryable {@link MintStepException} (the same job is asked again); any other refusal is
 * permanent.
 */
public interface ProofNode {

  /**
   * Asks the node at {@code url} (as registered on chain) to prove {@code request.jobId()}; returns
   * once it answered that the job is complete.
   *
   * @throws MintStepException naming the node and the job, never the key or the seed
   * @throws social.gm2.lazai.chain.ForbiddenNodeUrlException (permanent) when the URL may not be
   *     called
   */
  void requestProof(String url, Request request);

  /**
   * What the node needs to prove a job.
   *
   * @param encryptionKey the file's password wrapped for the node's RSA key (hex), never the
   *     password itself
   * @param seed the text whose wallet signature is the password
   */
  record Request(
      BigInteger jobId, BigInteger fileId, String fileUrl, String encryptionKey, String seed) {

    @Override
    public String toString() {
      return "ProofNode.Request[jobId="
          + jobId
          + ", fileId="
          + fileId
          + ", fileUrl="
          + fileUrl
          + "]";
    }
  }
}
