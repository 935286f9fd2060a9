package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link LazaiChain} in memory, with the devnet contracts' semantics (lazai-protocol §2, {@code
 * devnet/contracts}) on a chain that mines, reorgs and fails like the Hardhat devnet behind the
 * web3j adapter; {@code LazaiChainContract} holds both to the same behaviour. Ids come from logs,
 * "already done" reverts are answered as done, and an intent key always means its first
 * transaction. Thread-safe.
 *
 * <p>Besides the port: what other accounts do (the maintainer registers nodes, a node completes a
 * job and adds a proof), mining control (automine on by default, or manual with {@link #mine()}),
 * {@link #reorgTo} (evm_revert), and faults that make the next calls fail with the adapter's
 * exceptions.
 */
public final class FakeLazaiChain implements LazaiChain {
  /** Hardhat's account #2, the service wallet of the devnet tests. */
  public static final String WALLET = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

  /** Hardhat's account #0, the devnet's deployer and maintainer. */
  public static final String MAINTAINER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

  /** Where deploy.js puts the contracts on a fresh devnet. */
  public static final String DATA_ANCHORING_TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  public static final String VERIFIED_COMPUTING = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
  public static final String DATA_REGISTRY = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";

  private final FakeLedger ledger;
  private final String wallet;
  private final List<String> wallets;
  private final Duration receiptTimeout;
  private final FakeChainControls controls;

  /** A fresh chain (node fee 100 wei, no nodes) used by {@link #WALLET}. */
  public FakeLazaiChain() {
    this(Clock.systemUTC(), VERIFIED_COMPUTING);
  }

  /** A fresh chain whose blocks take their timestamps from {@code clock}. */
  public FakeLazaiChain(Clock clock, String verifiedComputing) {
    this(
        new FakeLedger(clock, DATA_REGISTRY, lower(verifiedComputing), DATA_ANCHORING_TOKEN),
        WALLET,
        List.of(WALLET),
        Duration.ofSeconds(10));
  }

  private FakeLazaiChain(
      FakeLedger ledger, String wallet, List<String> wallets, Duration receiptTimeout) {
    this.ledger = ledger;
    this.wallet = lower(wallet);
    this.wallets = wallets.stream().map(FakeLazaiChain::lower).toList();
    this.receiptTimeout = receiptTimeout;
    this.controls = new FakeChainControls(ledger, this.wallet, receiptTimeout);
  }

  /** The same chain, and the same intent store, used by another wallet (a pool of it alone). */
  public FakeLazaiChain forWallet(String address) {
    return new FakeLazaiChain(ledger, address, List.of(address), receiptTimeout);
  }

  /**
   * The same chain with a sender pool: this chain's wallet first, then {@code others}, as {@code
   * lazai.signer.pool} configures them.
   */
  public FakeLazaiChain withPool(List<String> others) {
    List<String> all = new java.util.ArrayList<>(List.of(wallet));
    others.forEach(w -> all.add(lower(w)));
    if (all.stream().distinct().count() != all.size()) {
      throw new IllegalArgumentException("a wallet appears twice in the pool " + all);
    }
    return new FakeLazaiChain(ledger, wallet, all, receiptTimeout);
  }

  /**
   * The same chain, whose writes wait at most {@code timeout} for their receipts (default 10 s).
   */
  public FakeLazaiChain withReceiptTimeout(Duration timeout) {
    return new FakeLazaiChain(ledger, wallet, wallets, timeout);
  }

  // -------------------------------------------------------------------------------------- port

  @Override
  public Optional<FileId> fileIdByUrl(String url) {
    ledger.faults.call("getFileIdByUrl");
    return ledger.read(s -> s.registry().fileIdByUrl(url));
  }

  @Override
  public Registration addFile(String intentKey, String url, String hash) {
    Optional<FileId> existing = fileIdByUrl(url);
    if (existing.isPresent()) {
      return registration(existing.get());
    }
    try {
      var receipt =
          send(
              intentKey,
              "addFile " + url,
              BigInteger.ZERO,
              (s, tx, time) -> s.registry().addFile(tx.from(), url, hash));
      var added = only(receipt, FakeEvent.FileAdded.class);
      return new Registration(file(added.fileId()), tx(receipt));
    } catch (ContractRevertException e) {
      if (e.is(ContractError.FILE_URL_ALREADY_USED)) {
        return registration(fileIdByUrl(url).orElseThrow(() -> e));
      }
      throw e;
    }
  }

  @Override
  public FileRecord file(FileId id) {
    ledger.faults.call("getFile");
    return ledger.read(s -> s.registry().file(id));
  }

  @Override
  public BigInteger nodeFee() {
    ledger.faults.call("nodeFee");
    return ledger.read(s -> s.verifiedComputing().nodeFee());
  }

  @Override
  public ProofRequest requestProof(String intentKey, FileId fileId) {
    BigInteger fee = nodeFee();
    try {
      return proofRequest(intentKey, fileId, fee);
    } catch (ContractRevertException e) {
      BigInteger now = nodeFee();
      if (e.is(ContractError.INSUFFICIENT_FEE) && !now.equals(fee)) {
        return proofRequest(intentKey + " fee=" + now, fileId, now); // as the adapter does
      }
      throw e;
    }
  }

  @Override
  public List<JobId> fileJobIds(FileId fileId) {
    ledger.faults.call("fileJobIds");
    return ledger.read(s -> s.verifiedComputing().fileJobIds(fileId));
  }

  @Override
  public ProofJob job(JobId id) {
    ledger.faults.call("getJob");
    return ledger.read(s -> s.verifiedComputing().job(id));
  }

  @Override
  public NodeInfo node(String address) {
    ledger.faults.call("getNode");
    return ledger.read(s -> s.verifiedComputing().node(address));
  }

  @Override
  public Reward requestReward(String intentKey, FileId fileId, BigInteger proofIndex) {
    ledger.faults.call("eth_estimateGas");
    try {
      var receipt =
          send(
              intentKey,
              "requestReward file=" + fileId,
              BigInteger.ZERO,
              (s, tx, time) -> s.registry().requestReward(fileId, proofIndex));
      return reward(fileId, receipt);
    } catch (ContractRevertException e) {
      if (e.is(ContractError.FILE_ALREADY_REWARDED)) {
        return rewardOf(fileId).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  @Override
  public Optional<Reward> rewardOf(FileId fileId) {
    ledger.faults.call("eth_getLogs");
    return logs(FakeEvent.RewardRequested.class).stream()
        .filter(l -> ((FakeEvent.RewardRequested) l.event()).fileId().equals(fileId))
        .findFirst()
        .map(l -> reward(fileId, ledger.receipt(l.txHash()).orElseThrow()));
  }

  @Override
  public Optional<BigInteger> proofIndexAddedBy(FileId fileId, String node) {
    ledger.faults.call("eth_getLogs");
    for (FakeTransactions.Log log : logs(FakeEvent.ProofAdded.class)) {
      var added = (FakeEvent.ProofAdded) log.event();
      String from = ledger.receipt(log.txHash()).orElseThrow().tx().from();
      if (added.fileId().equals(fileId) && from.equals(lower(node))) {
        return Optional.of(added.proofIndex());
      }
    }
    return Optional.empty();
  }

  @Override
  public List<JobCompleted> jobsCompleted(long fromBlock, long toBlock) {
    ledger.faults.call("eth_getLogs");
    return ledger.logs(fromBlock, toBlock, l -> l.event() instanceof FakeEvent.JobComplete).stream()
        .map(
            l -> {
              var e = (FakeEvent.JobComplete) l.event();
              return new JobCompleted(
                  l.emitter(),
                  e.attestator(),
                  e.jobId(),
                  e.fileId(),
                  l.txHash(),
                  l.logIndex(),
                  l.block(),
                  l.blockHash());
            })
        .toList();
  }

  @Override
  public long head() {
    ledger.faults.call("eth_blockNumber");
    return ledger.head();
  }

  @Override
  public Optional<String> blockHash(long number) {
    ledger.faults.call("eth_getBlockByNumber");
    return ledger.blockHash(number);
  }

  @Override
  public String wallet() {
    return wallet;
  }

  @Override
  public List<String> wallets() {
    return wallets;
  }

  @Override
  public FakeLazaiChain as(String address) {
    String other = lower(address);
    if (!wallets.contains(other)) {
      throw new IllegalArgumentException(
          "the wallet " + address + " is not in the sender pool " + wallets);
    }
    return other.equals(wallet) ? this : new FakeLazaiChain(ledger, other, wallets, receiptTimeout);
  }

  @Override
  public ChainTx transferDat(String intentKey, BigInteger tokenId, BigInteger amount, String to) {
    String receiver = lower(to);
    var receipt =
        send(
            intentKey,
            "transferDat token=" + tokenId + " to=" + receiver,
            BigInteger.ZERO,
            (s, tx, time) -> s.registry().safeTransferFrom(tx.from(), receiver, tokenId, amount));
    only(receipt, FakeEvent.TransferSingle.class);
    return tx(receipt);
  }

  @Override
  public BigInteger datBalance(String owner, BigInteger tokenId) {
    ledger.faults.call("balanceOf");
    return ledger.read(s -> s.registry().balanceOf(owner, tokenId));
  }

  @Override
  public String registryAddress() {
    return ledger.registry;
  }

  @Override
  public String registryPublicKey() {
    ledger.faults.call("publicKey");
    return ledger.read(s -> s.registry().publicKey());
  }

  @Override
  public ChainTx addPermissionForFile(String intentKey, FileId fileId, String account, String key) {
    var receipt =
        send(
            intentKey,
            "addPermissionForFile file=" + fileId + " account=" + lower(account),
            BigInteger.ZERO,
            (s, tx, time) -> s.registry().addPermissionForFile(tx.from(), fileId, account, key));
    only(receipt, FakeEvent.PermissionGranted.class);
    return tx(receipt);
  }

  @Override
  public Optional<String> filePermission(FileId fileId, String account) {
    ledger.faults.call("getFilePermission");
    String key = ledger.read(s -> s.registry().filePermission(fileId, account));
    return key.isEmpty() ? Optional.empty() : Optional.of(key);
  }

  // --------------------------------------------------------------------------------- internals

  private ProofRequest proofRequest(String intentKey, FileId fileId, BigInteger fee) {
    var receipt =
        send(
            intentKey,
            "requestProof file=" + fileId,
            fee,
            (s, tx, time) ->
                s.verifiedComputing().requestProof(tx.from(), tx.value(), fileId, time));
    var job = only(receipt, FakeEvent.JobSubmitted.class);
    return new ProofRequest(job.jobId(), job.fileId(), job.node(), job.bid(), tx(receipt));
  }

  /** A file registered earlier, with the transaction of its {@code FileAdded} log. */
  private Registration registration(FileId id) {
    return logs(FakeEvent.FileAdded.class).stream()
        .filter(l -> ((FakeEvent.FileAdded) l.event()).fileId().equals(id))
        .findFirst()
        .map(l -> new Registration(file(id), new ChainTx(l.txHash(), l.block())))
        .orElseThrow(
            () -> new IllegalStateException("file " + id + " is registered but has no FileAdded"));
  }

  private Reward reward(FileId fileId, FakeTransactions.Receipt receipt) {
    var minted = only(receipt, FakeEvent.TokenMinted.class);
    var transfer = only(receipt, FakeEvent.TransferSingle.class);
    return new Reward(fileId, minted.tokenId(), transfer.value(), minted.to(), tx(receipt));
  }

  private List<FakeTransactions.Log> logs(Class<? extends FakeEvent> type) {
    return ledger.logs(deploymentBlock(), ledger.head(), l -> type.isInstance(l.event()));
  }

  private FakeTransactions.Receipt send(
      String key, String purpose, BigInteger value, FakeTransactions.Call call) {
    return ledger.send(key, wallet, purpose, value, call, receiptTimeout, true);
  }

  static <T extends FakeEvent> T only(FakeTransactions.Receipt receipt, Class<T> type) {
    return receipt.logs().stream()
        .map(FakeTransactions.Log::event)
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "tx " + receipt.tx().hash() + " has no " + type.getSimpleName() + " log"));
  }

  static ChainTx tx(FakeTransactions.Receipt receipt) {
    return new ChainTx(receipt.tx().hash(), receipt.block());
  }

  private static String lower(String address) {
    return FakeContracts.lower(address);
  }

  // ---------------------------------------------------------------------------------- controls

  /** What happens on this chain besides this wallet's calls through the port. */
  public FakeChainControls controls() {
    return controls;
  }

  public long deploymentBlock() {
    return 0;
  }

  public String verifiedComputing() {
    return ledger.verifiedComputing;
  }
}
