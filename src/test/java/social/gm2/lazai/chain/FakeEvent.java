package social.gm2.lazai.chain;

import java.math.BigInteger;

/**
 * The events the devnet contracts emit (lazai-protocol §2), as {@link FakeLazaiChain} logs them.
 * Addresses are lower-case, as the web3j adapter reports them.
 */
sealed interface FakeEvent {

  /** The contract that emits {@code event}. */
  static String emitter(FakeEvent event, String registry, String token, String verifiedComputing) {
    if (event instanceof FileAdded
        || event instanceof ProofAdded
        || event instanceof PermissionGranted
        || event instanceof RewardRequested) {
      return registry;
    }
    if (event instanceof TokenMinted || event instanceof TransferSingle) {
      return token;
    }
    return verifiedComputing;
  }

  /** DataRegistry. */
  record FileAdded(FileId fileId, String owner, String url) implements FakeEvent {}

  /** DataRegistry; {@code owner} is the file's owner, not the sender (as in the contract). */
  record ProofAdded(FileId fileId, String owner, BigInteger proofIndex, String proofUrl)
      implements FakeEvent {}

  /** DataRegistry. */
  record PermissionGranted(FileId fileId, String account) implements FakeEvent {}

  /** DataRegistry. */
  record RewardRequested(
      String contributor, FileId fileId, BigInteger proofIndex, BigInteger amount)
      implements FakeEvent {}

  /** VerifiedComputing. */
  record JobSubmitted(JobId jobId, FileId fileId, String node, BigInteger bid)
      implements FakeEvent {}

  /** VerifiedComputing: the attestation. */
  record JobComplete(String attestator, JobId jobId, FileId fileId) implements FakeEvent {}

  /** VerifiedComputing. */
  record JobCanceled(JobId jobId) implements FakeEvent {}

  /** VerifiedComputing. */
  record NodeAdded(String node) implements FakeEvent {}

  /** VerifiedComputing. */
  record NodeRemoved(String node) implements FakeEvent {}

  /** DataAnchoringToken. */
  record TokenMinted(String to, BigInteger tokenId, String fileUrl) implements FakeEvent {}

  /** DataAnchoringToken (ERC-1155); {@code operator} is the DataRegistry, {@code from} zero. */
  record TransferSingle(String operator, String from, String to, BigInteger id, BigInteger value)
      implements FakeEvent {}
}
