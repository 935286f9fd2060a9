package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The LazAI contracts in the pipeline's terms (lazai-protocol §2–§3). Writes take an intent key:
 * the same key always means the same transaction, so a retried or resumed step waits for the
 * transaction already sent instead of sending another. Ids come from the logs of the receipts
 * (§13.5), and reverts that mean "already done" are answered as done (§13.6).
 */
public interface LazaiChain {

  /** The registered file with this exact URL, if any ({@code getFileIdByUrl}; 0 = none). */
  Optional<FileId> fileIdByUrl(String url);

  /**
   * Registers {@code url} ({@code addFile(url, hash)}); if the URL is already registered, by this
   * call's earlier attempt or a race, answers with that file and the transaction that registered
   * it.
   */
  Registration addFile(String intentKey, String url, String hash);

  FileRecord file(FileId id);

  /** The fee a proof request must pay, read from the chain each time. */
  BigInteger nodeFee();

  /**
   * Opens a proof job for the file, paying {@link #nodeFee()}; the job and its node come from the
   * receipt's {@code JobSubmitted} log.
   */
  ProofRequest requestProof(String intentKey, FileId fileId);

  List<JobId> fileJobIds(FileId fileId);

  ProofJob job(JobId id);

  NodeInfo node(String address);

  /**
   * Claims the reward for the file's proof {@code proofIndex}, which mints the DAT. If the file was
   * already rewarded, answers with that earlier reward.
   */
  Reward requestReward(String intentKey, FileId fileId, BigInteger proofIndex);

  /** The reward already minted for the file, found through its {@code RewardRequested} log. */
  Optional<Reward> rewardOf(FileId fileId);

  /** Index of the proof for the file whose {@code ProofAdded} log was sent by {@code node}. */
  Optional<BigInteger> proofIndexAddedBy(FileId fileId, String node);

  /** The {@code JobComplete} logs of the VerifiedComputing contract in the block range. */
  List<JobCompleted> jobsCompleted(long fromBlock, long toBlock);

  long head();

  /**
   * The hash of the canonical block at {@code number}, or empty if the chain has no such block
   * (yet, or any longer after a reorg). Log pollers keep these hashes to notice reorgs.
   */
  Optional<String> blockHash(long number);

  /** The address (lower-case) of the wallet this view sends as: at first the service wallet. */
  String wallet();

  /**
   * Every sending wallet (lower-case), in pool order: the service wallet first, then {@code
   * lazai.signer.pool[i]}. One wallet without a pool.
   */
  List<String> wallets();

  /**
   * The same chain seen by {@code wallet}, one of {@link #wallets()}: its writes are sent and paid
   * by that wallet, through its own nonce stream.
   *
   * @throws IllegalArgumentException if the wallet is not one of {@link #wallets()}
   */
  LazaiChain as(String wallet);

  /**
   * Transfers {@code amount} of the DAT {@code tokenId} from this view's wallet to {@code to}
   * (ERC-1155 {@code safeTransferFrom(wallet, to, tokenId, amount, "")}). The intent key makes a
   * retry wait for the transaction already sent, so the DAT moves once.
   *
   * @return the transaction whose {@code TransferSingle} log moved it
   */
  ChainTx transferDat(String intentKey, BigInteger tokenId, BigInteger amount, String to);

  /** The DAT balance: {@code balanceOf(owner, tokenId)}. */
  BigInteger datBalance(String owner, BigInteger tokenId);

  /**
   * The DataRegistry's address (lower-case): the account a file's permission for the inference and
   * query nodes is granted to (lazai-protocol §3 step 4, §9).
   */
  String registryAddress();

  /**
   * The registry-level RSA public key ({@code publicKey()}): on LazAI a PKCS#1 PEM whose private
   * half the query/inference nodes hold. Empty if the registry has none.
   */
  String registryPublicKey();

  /**
   * Grants {@code account} the file's permission ({@code addPermissionForFile(fileId, account,
   * key)}), {@code key} being the file's password wrapped for the account's RSA key, as hex. Only
   * the file's owner may ({@code NotFileOwner()} otherwise), so this view's wallet must own it. The
   * intent key makes a retry wait for the transaction already sent.
   *
   * @return the transaction whose {@code PermissionGranted} log granted it
   */
  ChainTx addPermissionForFile(String intentKey, FileId fileId, String account, String key);

  /** The key granted to {@code account} for the file ({@code getFilePermission}); empty if none. */
  Optional<String> filePermission(FileId fileId, String account);
}
