package social.gm2.lazai.mint;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One token's mint as its database row holds it: the truth the pipeline moves forward. Fields fill
 * in as the states pass; {@code version} guards every update against a concurrent one.
 *
 * @param proofTxHash the {@code requestProof} transaction of the current job
 * @param proofRequests how many jobs were requested for the file (more than one only when the proof
 *     deadline policy re-requested an overdue job)
 * @param attestator the node whose verified {@code JobComplete} log attests the mint (ATTESTED)
 * @param nextAttemptAt when the sweeper next runs an unsettled mint (after a retryable failure,
 *     later each time)
 * @param wallet the sending wallet that registered the file (lower-case): it owns the file, sends
 *     the mint's every later write and receives the DAT. Null for a mint not registered yet, or
 *     registered before the sender pool existed (then by the service wallet)
 * @param datOwner who holds the DAT as far as the service knows: the registering wallet after the
 *     reward, the treasury ({@code lazai.mint.treasury-address}) after the transfer
 * @param transferTxHash the {@code safeTransferFrom} that moved the DAT to the treasury, if any
 * @param importedAt when the mint was adopted from the original service's {@code LazAIMintDAT} row
 *     (null for a mint this service ran): the original minted it, this service never sent it to the
 *     chain
 * @param permissionTxHash the {@code addPermissionForFile} that granted the DataRegistry (and so
 *     the inference and query nodes) the file's password, if granted (docs/mint.md, "File
 *     permission")
 */
public record Mint(
    long id,
    String tokenAddress,
    String fileName,
    MintState state,
    int version,
    String seed,
    Long plaintextSize,
    String cid,
    String url,
    BigInteger fileId,
    BigInteger jobId,
    String nodeAddress,
    String registerTxHash,
    String proofTxHash,
    Instant proofRequestedAt,
    int proofRequests,
    BigInteger proofIndex,
    String rewardTxHash,
    Long rewardBlockNumber,
    BigInteger datTokenId,
    BigInteger datAmount,
    String attestator,
    String attestationTxHash,
    Long attestationBlockNumber,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant createdAt,
    Instant updatedAt,
    String wallet,
    String datOwner,
    String transferTxHash,
    Instant importedAt,
    String permissionTxHash) {

  /** Whether the original service minted the token and this service adopted its row. */
  public boolean imported() {
    return importedAt != null;
  }

  /** The intent key of one of this mint's chain writes: the same write, whoever retries it. */
  public String intent(String write) {
    return "mint " + tokenAddress + " " + write;
  }
}
