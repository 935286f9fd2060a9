package social.gm2.lazai.chain.web3j;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.ContractError;
import social.gm2.lazai.chain.ContractRevertException;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.FileRecord;
import social.gm2.lazai.chain.JobCompleted;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.ProofJob;
import social.gm2.lazai.chain.ProofRequest;
import social.gm2.lazai.chain.Registration;
import social.gm2.lazai.chain.Reward;
import social.gm2.lazai.chain.TransactionRevertedException;
import social.gm2.lazai.chain.tx.SenderPool;
import social.gm2.lazai.chain.tx.TransactionSender;
import social.gm2.lazai.chain.tx.TxIntent;
import social.gm2.lazai.chain.web3j.contracts.DataAnchoringToken;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;

/** {@link LazaiChain} on web3j: generated wrappers to encode and decode, the sender to write. */
public final class Web3jLazaiChain implements LazaiChain {
  private static final String FILE_ADDED = EventEncoder.encode(DataRegistry.FILEADDED_EVENT);
  private static final String PROOF_ADDED = EventEncoder.encode(DataRegistry.PROOFADDED_EVENT);
  private static final String PERMISSION_GRANTED =
      EventEncoder.encode(DataRegistry.PERMISSIONGRANTED_EVENT);
  private static final String REWARD_REQUESTED =
      EventEncoder.encode(DataRegistry.REWARDREQUESTED_EVENT);
  private static final String JOB_SUBMITTED =
      EventEncoder.encode(VerifiedComputing.JOBSUBMITTED_EVENT);
  private static final String JOB_COMPLETE =
      EventEncoder.encode(VerifiedComputing.JOBCOMPLETE_EVENT);
  private static final String TOKEN_MINTED =
      EventEncoder.encode(DataAnchoringToken.TOKENMINTED_EVENT);
  private static final String TRANSFER_SINGLE =
      EventEncoder.encode(DataAnchoringToken.TRANSFERSINGLE_EVENT);

  private final ChainReads reads;
  private final SenderPool pool;
  private final TransactionSender sender;
  private final Contracts contracts;
  private final long deploymentBlock;

  /**
   * Binds the contracts around {@code registryAddress} and checks that the registry works with the
   * VerifiedComputing contract at {@code verifiedComputingAddress}.
   */
  public static Web3jLazaiChain connect(
      Web3j web3,
      TransactionSender sender,
      String registryAddress,
      String verifiedComputingAddress,
      String endpoint,
      long deploymentBlock) {
    return connect(
        web3,
        SenderPool.of(List.of(sender)),
        registryAddress,
        verifiedComputingAddress,
        endpoint,
        deploymentBlock);
  }

  /**
   * As {@link #connect(Web3j, TransactionSender, String, String, String, long)}, sending as the
   * pool's first wallet; {@link #as} gives the views of the others.
   */
  public static Web3jLazaiChain connect(
      Web3j web3,
      SenderPool pool,
      String registryAddress,
      String verifiedComputingAddress,
      String endpoint,
      long deploymentBlock) {
    ChainReads reads = new ChainReads(web3, endpoint);
    Contracts contracts =
        reads.call(
            "the LazAI contracts at " + registryAddress,
            () ->
                Contracts.bind(
                    web3, pool.main().wallet(), registryAddress, verifiedComputingAddress));
    return new Web3jLazaiChain(reads, pool, pool.main(), contracts, deploymentBlock);
  }

  private Web3jLazaiChain(
      ChainReads reads,
      SenderPool pool,
      TransactionSender sender,
      Contracts contracts,
      long deploymentBlock) {
    this.reads = reads;
    this.pool = pool;
    this.sender = sender;
    this.contracts = contracts;
    this.deploymentBlock = deploymentBlock;
  }

  @Override
  public Optional<FileId> fileIdByUrl(String url) {
    BigInteger id =
        reads.view("getFileIdByUrl", () -> contracts.registry().getFileIdByUrl(url).send());
    return id.signum() == 0 ? Optional.empty() : Optional.of(new FileId(id));
  }

  @Override
  public Registration addFile(String intentKey, String url, String hash) {
    Optional<FileId> existing = fileIdByUrl(url);
    if (existing.isPresent()) {
      return registration(existing.get());
    }
    String data = contracts.registry().addFile(url, hash).encodeFunctionCall();
    try {
      TransactionReceipt receipt =
          send(intentKey, "addFile " + url, contracts.registryAddress(), BigInteger.ZERO, data);
      Log log = Logs.only(receipt, contracts.registryAddress(), FILE_ADDED, "FileAdded");
      return new Registration(
          file(new FileId(DataRegistry.getFileAddedEventFromLog(log).fileId)), Logs.tx(receipt));
    } catch (ContractRevertException e) {
      if (e.is(ContractError.FILE_URL_ALREADY_USED)) {
        return registration(fileIdByUrl(url).orElseThrow(() -> e));
      }
      throw e;
    }
  }

  /** A file registered earlier, with the transaction of its {@code FileAdded} log. */
  private Registration registration(FileId id) {
    List<Log> logs =
        reads.logs(
            contracts.registryAddress(),
            deploymentBlock,
            head(),
            FILE_ADDED,
            ChainReads.topic(id.value()));
    if (logs.isEmpty()) {
      throw new IllegalStateException(
          "file "
              + id
              + " is registered but no FileAdded log of it was found since block "
              + deploymentBlock
              + "; is the configured deployment block too late?");
    }
    Log log = logs.get(0);
    return new Registration(
        file(id), new ChainTx(log.getTransactionHash(), log.getBlockNumber().longValueExact()));
  }

  @Override
  public FileRecord file(FileId id) {
    DataRegistry.FileResponse f =
        reads.view("getFile", () -> contracts.registry().getFile(id.value()).send());
    return new FileRecord(
        id, ChainReads.lower(f.ownerAddress), f.url, f.hash, f.proofIndex, f.rewardAmount);
  }

  @Override
  public BigInteger nodeFee() {
    return reads.view("nodeFee", () -> contracts.verifiedComputing().nodeFee().send());
  }

  @Override
  public ProofRequest requestProof(String intentKey, FileId fileId) {
    BigInteger fee = nodeFee();
    try {
      return proofRequest(intentKey, fileId, fee);
    } catch (ContractRevertException e) {
      BigInteger now = nodeFee();
      if (e.is(ContractError.INSUFFICIENT_FEE) && !now.equals(fee)) {
        // The fee changed between reading and mining; this retry is a new intent of its own.
        return proofRequest(intentKey + " fee=" + now, fileId, now);
      }
      throw e;
    }
  }

  private ProofRequest proofRequest(String intentKey, FileId fileId, BigInteger fee) {
    String data =
        contracts.verifiedComputing().requestProof(fileId.value(), fee).encodeFunctionCall();
    TransactionReceipt receipt =
        send(
            intentKey,
            "requestProof file=" + fileId,
            contracts.verifiedComputingAddress(),
            fee,
            data);
    var job =
        VerifiedComputing.getJobSubmittedEventFromLog(
            Logs.only(
                receipt, contracts.verifiedComputingAddress(), JOB_SUBMITTED, "JobSubmitted"));
    return new ProofRequest(
        new JobId(job.jobId),
        new FileId(job.fileId),
        ChainReads.lower(job.nodeAddress),
        job.bidAmount,
        Logs.tx(receipt));
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<JobId> fileJobIds(FileId fileId) {
    List<BigInteger> ids =
        reads.view(
            "fileJobIds", () -> contracts.verifiedComputing().fileJobIds(fileId.value()).send());
    return ids.stream().map(JobId::new).toList();
  }

  @Override
  public ProofJob job(JobId id) {
    VerifiedComputing.Job j =
        reads.view("getJob", () -> contracts.verifiedComputing().getJob(id.value()).send());
    return new ProofJob(
        id,
        j.fileId.signum() == 0 ? null : new FileId(j.fileId),
        j.bidAmount,
        ProofJob.Status.values()[j.status.intValueExact()],
        j.addedTimestamp.longValueExact(),
        ChainReads.lower(j.ownerAddress),
        ChainReads.lower(j.nodeAddress));
  }

  @Override
  public NodeInfo node(String address) {
    VerifiedComputing.NodeInfo n =
        reads.view("getNode", () -> contracts.verifiedComputing().getNode(address).send());
    return new NodeInfo(
        ChainReads.lower(address),
        n.url,
        NodeInfo.Status.values()[n.status.intValueExact()],
        n.amount,
        n.jobsCount,
        n.publicKey);
  }

  @Override
  public Reward requestReward(String intentKey, FileId fileId, BigInteger proofIndex) {
    String data =
        contracts.registry().requestReward(fileId.value(), proofIndex).encodeFunctionCall();
    try {
      TransactionReceipt receipt =
          send(
              intentKey,
              "requestReward file=" + fileId,
              contracts.registryAddress(),
              BigInteger.ZERO,
              data);
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
    List<Log> logs =
        reads.logs(
            contracts.registryAddress(),
            deploymentBlock,
            head(),
            REWARD_REQUESTED,
            null,
            ChainReads.topic(fileId.value()));
    if (logs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(reward(fileId, reads.receipt(logs.get(0).getTransactionHash())));
  }

  @Override
  public Optional<BigInteger> proofIndexAddedBy(FileId fileId, String node) {
    for (Log log :
        reads.logs(
            contracts.registryAddress(),
            deploymentBlock,
            head(),
            PROOF_ADDED,
            ChainReads.topic(fileId.value()))) {
      String from = reads.sender(log.getTransactionHash());
      if (ChainReads.lower(from).equals(ChainReads.lower(node))) {
        return Optional.of(DataRegistry.getProofAddedEventFromLog(log).proofIndex);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<JobCompleted> jobsCompleted(long fromBlock, long toBlock) {
    return reads
        .logs(contracts.verifiedComputingAddress(), fromBlock, toBlock, JOB_COMPLETE)
        .stream()
        .map(Logs::jobCompleted)
        .toList();
  }

  @Override
  public long head() {
    return reads.head();
  }

  @Override
  public Optional<String> blockHash(long number) {
    return reads.blockHash(number);
  }

  @Override
  public String wallet() {
    return sender.wallet();
  }

  @Override
  public List<String> wallets() {
    return pool.wallets();
  }

  @Override
  public Web3jLazaiChain as(String wallet) {
    TransactionSender other = pool.sender(wallet);
    return other == sender
        ? this
        : new Web3jLazaiChain(reads, pool, other, contracts, deploymentBlock);
  }

  @Override
  public ChainTx transferDat(String intentKey, BigInteger tokenId, BigInteger amount, String to) {
    String data =
        contracts
            .token()
            .safeTransferFrom(sender.wallet(), to, tokenId, amount, new byte[0])
            .encodeFunctionCall();
    TransactionReceipt receipt =
        send(
            intentKey,
            "transferDat token=" + tokenId + " to=" + ChainReads.lower(to),
            contracts.tokenAddress(),
            BigInteger.ZERO,
            data);
    Logs.only(receipt, contracts.tokenAddress(), TRANSFER_SINGLE, "TransferSingle");
    return Logs.tx(receipt);
  }

  @Override
  public BigInteger datBalance(String owner, BigInteger tokenId) {
    return reads.view("balanceOf", () -> contracts.token().balanceOf(owner, tokenId).send());
  }

  @Override
  public String registryAddress() {
    return contracts.registryAddress();
  }

  @Override
  public String registryPublicKey() {
    return reads.view("publicKey", () -> contracts.registry().publicKey().send());
  }

  @Override
  public ChainTx addPermissionForFile(String intentKey, FileId fileId, String account, String key) {
    String data =
        contracts
            .registry()
            .addPermissionForFile(fileId.value(), account, key)
            .encodeFunctionCall();
    TransactionReceipt receipt =
        send(
            intentKey,
            "addPermissionForFile file=" + fileId + " account=" + ChainReads.lower(account),
            contracts.registryAddress(),
            BigInteger.ZERO,
            data);
    Logs.only(receipt, contracts.registryAddress(), PERMISSION_GRANTED, "PermissionGranted");
    return Logs.tx(receipt);
  }

  @Override
  public Optional<String> filePermission(FileId fileId, String account) {
    String key =
        reads.view(
            "getFilePermission",
            () -> contracts.registry().getFilePermission(fileId.value(), account).send());
    return key == null || key.isEmpty() ? Optional.empty() : Optional.of(key);
  }

  private Reward reward(FileId fileId, TransactionReceipt receipt) {
    var minted =
        DataAnchoringToken.getTokenMintedEventFromLog(
            Logs.only(receipt, contracts.tokenAddress(), TOKEN_MINTED, "TokenMinted"));
    var transfer =
        DataAnchoringToken.getTransferSingleEventFromLog(
            Logs.only(receipt, contracts.tokenAddress(), TRANSFER_SINGLE, "TransferSingle"));
    return new Reward(
        fileId, minted.tokenId, transfer.value, ChainReads.lower(minted.to), Logs.tx(receipt));
  }

  private TransactionReceipt send(
      String key, String purpose, String to, BigInteger value, String data) {
    try {
      return sender.send(new TxIntent(key, purpose, to, value, data));
    } catch (TransactionRevertedException e) {
      throw new ContractRevertException(purpose, e);
    }
  }
}
