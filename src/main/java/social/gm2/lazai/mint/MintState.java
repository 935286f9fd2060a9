package social.gm2.lazai.mint;

/**
 * Where a token's mint stands. Each state names the last effect that is known to exist, so the step
 * that follows it knows what it still has to do; a step first checks whether its own effect already
 * exists (in the row or on chain) and only then performs it.
 */
public enum MintState {
  /** Submitted and validated; nothing done yet. */
  ACCEPTED,
  /** The data is encrypted; the ciphertext is stored with the mint, the plaintext nowhere. */
  ENCRYPTED,
  /** The ciphertext is stored under its CID; the URL is known. */
  UPLOADED,
  /** The URL is registered on the DataRegistry; the file id is known. */
  REGISTERED,
  /** A verified-computing job is open for the file; the job id and node are known. */
  PROOF_REQUESTED,
  /** The node completed the job and added its proof; the proof index is known. */
  PROOF_SUBMITTED,
  /** The reward is claimed and the DAT minted. */
  REWARDED,
  /** The node's JobComplete log is verified (set by attestation tracking). */
  ATTESTED,
  /** Stopped for a reason a human must look at; see the mint's last error. */
  FAILED;

  /** Whether the pipeline has nothing more to do for a mint in this state. */
  public boolean settled() {
    return this == REWARDED || this == ATTESTED || this == FAILED;
  }
}
