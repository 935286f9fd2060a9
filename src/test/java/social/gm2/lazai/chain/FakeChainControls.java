package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.time.Duration;

/**
 * What a test does to a {@link FakeLazaiChain} besides the service's calls: other accounts'
 * transactions (the maintainer's, a node's), mining and reorgs as Hardhat's {@code evm_*} methods
 * do them, and faults for the service's next calls. Other accounts' transactions are mined like any
 * other (a block each with automine) and throw {@link ContractRevertException} when the contract
 * refuses them; the faults never touch them.
 */
public final class FakeChainControls {
  private final FakeLedger ledger;
  private final String wallet;
  private final Duration receiptTimeout;

  FakeChainControls(FakeLedger ledger, String wallet, Duration receiptTimeout) {
    this.ledger = ledger;
    this.wallet = wallet;
    this.receiptTimeout = receiptTimeout;
  }

  /** The maintainer's {@code addNode}: the node joins the end of the active list. */
  public void registerNode(String node, String url, String publicKeyPem) {
    act(
        FakeLazaiChain.MAINTAINER,
        "addNode " + node,
        (s, tx, time) -> s.verifiedComputing().addNode(lower(node), url, publicKeyPem));
  }

  /** The maintainer's {@code removeNode}: the last active node takes its place in the list. */
  public void removeNode(String node) {
    act(
        FakeLazaiChain.MAINTAINER,
        "removeNode " + node,
        (s, tx, time) -> s.verifiedComputing().removeNode(lower(node)));
  }

  /** The maintainer's {@code updatePublicKey} of the DataRegistry (a PKCS#1 PEM, or ""). */
  public void setRegistryPublicKey(String pem) {
    act(
        FakeLazaiChain.MAINTAINER,
        "updatePublicKey",
        (s, tx, time) -> s.registry().updatePublicKey(pem));
  }

  /** The maintainer's {@code updateNodeFee}. */
  public void setNodeFee(BigInteger fee) {
    act(
        FakeLazaiChain.MAINTAINER,
        "updateNodeFee",
        (s, tx, time) -> s.verifiedComputing().updateNodeFee(fee));
  }

  /** {@code completeJob} sent by {@code node}; its JobComplete log is the attestation. */
  public ChainTx completeJob(String node, JobId job) {
    return FakeLazaiChain.tx(
        act(
            lower(node),
            "completeJob " + job,
            (s, tx, time) -> s.verifiedComputing().completeJob(tx.from(), job)));
  }

  /**
   * {@code addProof} sent by {@code signer} with a proof it signed (score, file URL, no proof URL),
   * as the simulated node sends it; returns the proof's index.
   */
  public BigInteger addProof(String signer, FileId file, int score, String fileUrl) {
    var proof = new FakeDataRegistry.Proof(lower(signer), BigInteger.valueOf(score), fileUrl, "");
    var receipt =
        act(lower(signer), "addProof " + file, (s, tx, time) -> s.registry().addProof(file, proof));
    return FakeLazaiChain.only(receipt, FakeEvent.ProofAdded.class).proofIndex();
  }

  /**
   * {@code addFile} sent by {@code account} paying more than anything pending, so that the next
   * block mines it first; sent without an estimate and not waited for. With automine off, it is how
   * a test makes a URL registered by someone else win against the service's pending write.
   */
  public void addFileAhead(String account, String url) {
    String from = lower(account);
    ledger.sendAhead(from, "addFile " + url, (s, tx, time) -> s.registry().addFile(from, url, ""));
  }

  /** {@code cancelJob} sent by this chain's wallet (the job's owner gets the fee back). */
  public void cancelJob(JobId job) {
    act(
        wallet,
        "cancelJob " + job,
        (s, tx, time) -> s.verifiedComputing().cancelJob(tx.from(), job));
  }

  /** How many proofs the file has ({@code proofsCount}, which no contract getter shows). */
  public int proofCount(FileId file) {
    return ledger.read(s -> s.registry().proofCount(file));
  }

  /** How many transactions this chain's wallet has sent; one mined again after a reorg is one. */
  public int transactionsSent() {
    return ledger.sentBy(wallet);
  }

  /**
   * On (the default): a transaction sent is mined at once, in a block with whatever was pending.
   * Turning it on mines nothing by itself, as evm_setAutomine.
   */
  public void automine(boolean on) {
    ledger.automine(on);
  }

  /** Mines a block with every pending transaction (an empty one if none), as evm_mine. */
  public void mine() {
    ledger.mine();
  }

  public int pendingTransactions() {
    return ledger.pending();
  }

  /**
   * Drops every block above {@code block} with its logs and effects, and the pending transactions,
   * as evm_revert to a snapshot taken at that block does.
   */
  public void reorgTo(long block) {
    ledger.reorgTo(block);
  }

  /**
   * While down, every call of the port fails with a retryable {@link RpcUnavailableException}
   * before it reaches the chain, as when the RPC endpoint does not answer.
   */
  public void rpcDown(boolean down) {
    ledger.faults.rpcDown(down);
  }

  /** The next {@code calls} calls of the port fail as in {@link #rpcDown}; then it answers. */
  public void failNextCalls(int calls) {
    ledger.faults.failNextCalls(calls);
  }

  /**
   * The next transaction the port sends reverts with {@code error} at its gas estimate: a {@link
   * ContractRevertException} without a transaction hash, nothing sent.
   */
  public void revertNextWrite(ContractError error) {
    ledger.faults.revertNextWrite(error);
  }

  private FakeTransactions.Receipt act(String from, String purpose, FakeTransactions.Call call) {
    return ledger.send(null, from, purpose, BigInteger.ZERO, call, receiptTimeout, false);
  }

  private static String lower(String address) {
    return FakeContracts.lower(address);
  }
}
