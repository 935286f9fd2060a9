package social.gm2.lazai.chain.web3j;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.exceptions.ContractCallException;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.ContractError;
import social.gm2.lazai.chain.ContractRevertException;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.FileRecord;
import social.gm2.lazai.chain.Job;
import social.gm2.lazai.chain.JobCompleted;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.ProofRequest;
import social.gm2.lazai.chain.Reward;
import social.gm2.lazai.chain.RpcUnavailableException;
import social.gm2.lazai.chain.TransactionRevertedException;
import social.gm2.lazai.chain.tx.TransactionSender;
import social.gm2.lazai.chain.tx.TxIntent;
import social.gm2.lazai.chain.web3j.contracts.DataAnchoringToken;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;

/** {@link LazaiChain} on web3j: generated wrappers to encode and decode, the sender to write. */
public final class Web3jLazaiChain implements LazaiChain {
  private static final String FILE_ADDED = EventEncoder.encode(DataRegistry.FILEADDED_EVENT);
  private static final String PROOF_ADDED = EventEncoder.encode(DataRegistry.PROOFADDED_EVENT);
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

  private final Web3j web3;
  private final TransactionSender sender;
  private final Contracts contracts;
  private final String endpoint;
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
    Contracts contracts;
    try {
      contracts = Contracts.bind(web3, sender.wallet(), registryAddress, verifiedComputingAddress);
    } catch (IOException e) {
      throw new RpcUnavailableException(
          "the chain's RPC endpoint " + endpoint + " did not answer: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read the LazAI contracts at " + registryAddress + ": " + e.getMessage(), e);
    }
    return new Web3jLazaiChain(web3, sender, contracts, endpoint, deploymentBlock);
  }

  private Web3jLazaiChain(
      Web3j web3,
      TransactionSender sender,
      Contracts contracts,
      String endpoint,
      long deploymentBlock) {
    this.web3 = web3;
    this.sender = sender;
    this.contracts = contracts;
    this.endpoint = endpoint;
    this.deploymentBlock = deploymentBlock;
  }

  @Override
  public Optional<FileId> fileIdByUrl(String url) {
    BigInteger id = view("getFileIdByUrl", () -> contracts.registry().getFileIdByUrl(url).send());
    return id.signum() == 0 ? Optional.empty() : Optional.of(new FileId(id));
  }

  @Override
  public FileRecord addFile(String intentKey, String url, String hash) {
    Optional<FileId> existing = fileIdByUrl(url);
    if (existing.isPresent()) {
      return file(existing.get());
    }
    String data = contracts.registry().addFile(url, hash).encodeFunctionCall();
    try {
      TransactionReceipt receipt =
          send(intentKey, "addFile " + url, contracts.registryAddress(), BigInteger.ZERO, data);
      Log log = only(receipt, contracts.registryAddress(), FILE_ADDED, "FileAdded");
      return file(new FileId(DataRegistry.getFileAddedEventFromLog(log).fileId));
    } catch (ContractRevertException e) {
      if (e.is(ContractError.FILE_URL_ALREADY_USED)) {
        return file(fileIdByUrl(url).orElseThrow(() -> e));
      }
      throw e;
    }
  }

  @Override
  public FileRecord file(FileId id) {
    DataRegistry.FileResponse f =
        view("getFile", () -> contracts.registry().getFile(id.value()).send());
    return new FileRecord(id, lower(f.ownerAddress), f.url, f.hash, f.proofIndex, f.rewardAmount);
  }

  @Override
  public BigInteger nodeFee() {
    return view("nodeFee", () -> contracts.verifiedComputing().nodeFee().send());
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
            only(receipt, contracts.verifiedComputingAddress(), JOB_SUBMITTED, "JobSubmitted"));
    return new ProofRequest(
        new JobId(job.jobId),
        new FileId(job.fileId),
        lower(job.nodeAddress),
        job.bidAmount,
        tx(receipt));
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<JobId> fileJobIds(FileId fileId) {
    List<BigInteger> ids =
        view("fileJobIds", () -> contracts.verifiedComputing().fileJobIds(fileId.value()).send());
    return ids.stream().map(JobId::new).toList();
  }

  @Override
  public Job job(JobId id) {
    VerifiedComputing.Job j =
        view("getJob", () -> contracts.verifiedComputing().getJob(id.value()).send());
    return new Job(
        id,
        j.fileId.signum() == 0 ? null : new FileId(j.fileId),
        j.bidAmount,
        Job.Status.values()[j.status.intValueExact()],
        j.addedTimestamp.longValueExact(),
        lower(j.ownerAddress),
        lower(j.nodeAddress));
  }

  @Override
  public NodeInfo node(String address) {
    VerifiedComputing.NodeInfo n =
        view("getNode", () -> contracts.verifiedComputing().getNode(address).send());
    return new NodeInfo(
        lower(address),
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
        logs(
            contracts.registryAddress(),
            deploymentBlock,
            head(),
            REWARD_REQUESTED,
            null,
            topic(fileId.value()));
    if (logs.isEmpty()) {
      return Optional.empty();
    }
    String hash = logs.get(0).getTransactionHash();
    TransactionReceipt receipt =
        call(
            "eth_getTransactionReceipt",
            () -> web3.ethGetTransactionReceipt(hash).send().getTransactionReceipt().orElseThrow());
    return Optional.of(reward(fileId, receipt));
  }

  @Override
  public Optional<BigInteger> proofIndexAddedBy(FileId fileId, String node) {
    for (Log log :
        logs(
            contracts.registryAddress(),
            deploymentBlock,
            head(),
            PROOF_ADDED,
            topic(fileId.value()))) {
      String from =
          call(
              "eth_getTransactionByHash",
              () ->
                  web3.ethGetTransactionByHash(log.getTransactionHash())
                      .send()
                      .getTransaction()
                      .orElseThrow()
                      .getFrom());
      if (lower(from).equals(lower(node))) {
        return Optional.of(DataRegistry.getProofAddedEventFromLog(log).proofIndex);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<JobCompleted> jobsCompleted(long fromBlock, long toBlock) {
    return logs(contracts.verifiedComputingAddress(), fromBlock, toBlock, JOB_COMPLETE).stream()
        .map(
            log -> {
              var e = VerifiedComputing.getJobCompleteEventFromLog(log);
              return new JobCompleted(
                  lower(log.getAddress()),
                  lower(e.attestator),
                  new JobId(e.jobId),
                  new FileId(e.fileId),
                  log.getTransactionHash(),
                  log.getLogIndex().intValueExact(),
                  log.getBlockNumber().longValueExact(),
                  log.getBlockHash());
            })
        .toList();
  }

  @Override
  public long head() {
    return call(
        "eth_blockNumber", () -> web3.ethBlockNumber().send().getBlockNumber().longValueExact());
  }

  @Override
  public String wallet() {
    return sender.wallet();
  }

  private Reward reward(FileId fileId, TransactionReceipt receipt) {
    var minted =
        DataAnchoringToken.getTokenMintedEventFromLog(
            only(receipt, contracts.tokenAddress(), TOKEN_MINTED, "TokenMinted"));
    var transfer =
        DataAnchoringToken.getTransferSingleEventFromLog(
            only(receipt, contracts.tokenAddress(), TRANSFER_SINGLE, "TransferSingle"));
    return new Reward(fileId, minted.tokenId, transfer.value, lower(minted.to), tx(receipt));
  }

  private TransactionReceipt send(
      String key, String purpose, String to, BigInteger value, String data) {
    try {
      return sender.send(new TxIntent(key, purpose, to, value, data));
    } catch (TransactionRevertedException e) {
      throw new ContractRevertException(purpose, e);
    }
  }

  /** The one log of {@code event} that {@code emitter} wrote in the receipt; others are ignored. */
  private static Log only(TransactionReceipt receipt, String emitter, String event, String name) {
    return receipt.getLogs().stream()
        .filter(
            l ->
                lower(l.getAddress()).equals(emitter)
                    && !l.getTopics().isEmpty()
                    && l.getTopics().get(0).equals(event))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "tx "
                        + receipt.getTransactionHash()
                        + " has no "
                        + name
                        + " log from "
                        + emitter));
  }

  @SuppressWarnings("rawtypes")
  private List<Log> logs(String address, long from, long to, String... topics) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            address);
    for (String topic : topics) {
      if (topic == null) {
        filter.addNullTopic();
      } else {
        filter.addSingleTopic(topic);
      }
    }
    List<EthLog.LogResult> results =
        call(
            "eth_getLogs",
            () -> {
              EthLog answer = web3.ethGetLogs(filter).send();
              if (answer.hasError()) {
                throw new IOException(answer.getError().getMessage());
              }
              return answer.getLogs();
            });
    return results.stream()
        .map(r -> (Log) r.get())
        .filter(l -> lower(l.getAddress()).equals(address) && !Boolean.TRUE.equals(l.isRemoved()))
        .toList();
  }

  private static String topic(BigInteger value) {
    return "0x" + TypeEncoder.encode(new Uint256(value));
  }

  private static ChainTx tx(TransactionReceipt receipt) {
    return new ChainTx(receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
  }

  private <T> T view(String function, Callable<T> call) {
    try {
      return call.call();
    } catch (ContractCallException e) {
      throw new ContractRevertException(
          function, new TransactionRevertedException(function + ": " + e.getMessage(), null, "0x"));
    } catch (IOException e) {
      throw unavailable(function, e);
    } catch (Exception e) {
      throw new IllegalStateException(function + " failed: " + e.getMessage(), e);
    }
  }

  private <T> T call(String method, Callable<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw unavailable(method, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
    }
  }

  private RpcUnavailableException unavailable(String what, IOException e) {
    return new RpcUnavailableException(
        "the chain's RPC endpoint " + endpoint + " did not answer " + what + ": " + e.getMessage(),
        e);
  }

  private static String lower(String address) {
    return address == null ? null : address.toLowerCase(Locale.ROOT);
  }
}
