package social.gm2.lazai.chain.web3j;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.ContractRevertException;
import social.gm2.lazai.chain.InferenceAccountState;
import social.gm2.lazai.chain.InferenceChain;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.SettledFee;
import social.gm2.lazai.chain.SettlementUser;
import social.gm2.lazai.chain.TransactionRevertedException;
import social.gm2.lazai.chain.tx.TransactionSender;
import social.gm2.lazai.chain.tx.TxIntent;
import social.gm2.lazai.chain.web3j.contracts.AIProcess;
import social.gm2.lazai.chain.web3j.contracts.Settlement;

/**
 * {@link InferenceChain} on web3j: the generated {@code AIProcess} (the Inference contract) and
 * {@code Settlement} wrappers to encode and decode, the service wallet's durable sender to write. A
 * settled fee is found through the {@code BalanceUpdated(user, node)} logs of the Inference
 * contract: the one whose transaction is a {@code settlementFees} call for the request's nonce.
 */
public final class Web3jInferenceChain implements InferenceChain {
  private static final String BALANCE_UPDATED = EventEncoder.encode(AIProcess.BALANCEUPDATED_EVENT);

  private final Web3j web3;
  private final ChainReads reads;
  private final TransactionSender sender;
  private final AIProcess inference;
  private final Settlement settlement;
  private final String settlementFeesSelector;

  /** Binds the two contracts read-only; nothing is read until first use. */
  public static Web3jInferenceChain connect(
      Web3j web3,
      TransactionSender sender,
      String inferenceAddress,
      String settlementAddress,
      String endpoint) {
    var readOnly = new ReadonlyTransactionManager(web3, sender.wallet());
    var gas = new DefaultGasProvider();
    return new Web3jInferenceChain(
        web3,
        new ChainReads(web3, endpoint),
        sender,
        AIProcess.load(ChainReads.lower(inferenceAddress), web3, readOnly, gas),
        Settlement.load(ChainReads.lower(settlementAddress), web3, readOnly, gas));
  }

  private Web3jInferenceChain(
      Web3j web3,
      ChainReads reads,
      TransactionSender sender,
      AIProcess inference,
      Settlement settlement) {
    this.web3 = web3;
    this.reads = reads;
    this.sender = sender;
    this.inference = inference;
    this.settlement = settlement;
    this.settlementFeesSelector =
        inference
            .settlementFees(
                new AIProcess.Settlement(
                    new byte[0],
                    new AIProcess.SettlementData(
                        "", sender.wallet(), BigInteger.ZERO, BigInteger.ZERO, new byte[0])))
            .encodeFunctionCall()
            .substring(0, 10);
  }

  @Override
  public String inferenceAddress() {
    return ChainReads.lower(inference.getContractAddress());
  }

  @Override
  public String settlementAddress() {
    return ChainReads.lower(settlement.getContractAddress());
  }

  @Override
  public String wallet() {
    return sender.wallet();
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<String> activeNodes() {
    List<String> nodes = reads.view("activeNodeList", () -> inference.activeNodeList().send());
    return nodes.stream().map(ChainReads::lower).toList();
  }

  @Override
  public NodeInfo node(String address) {
    AIProcess.NodeInfo n = reads.view("getNode", () -> inference.getNode(address).send());
    return new NodeInfo(
        ChainReads.lower(address),
        n.url,
        NodeInfo.Status.values()[n.status.intValueExact()],
        n.amount,
        n.jobsCount,
        n.publicKey);
  }

  @Override
  public Optional<SettlementUser> user(String address) {
    try {
      Settlement.User u = reads.view("getUser", () -> settlement.getUser(address).send());
      return Optional.of(
          new SettlementUser(ChainReads.lower(u.addr), u.availableBalance, u.totalBalance));
    } catch (ContractRevertException e) {
      // getUser's only revert is UserNotExists(user).
      return Optional.empty();
    }
  }

  @Override
  public Optional<InferenceAccountState> account(String user, String node) {
    boolean exists = reads.view("accountExists", () -> inference.accountExists(user, node).send());
    if (!exists) {
      return Optional.empty();
    }
    AIProcess.Account a = reads.view("getAccount", () -> inference.getAccount(user, node).send());
    return Optional.of(
        new InferenceAccountState(
            ChainReads.lower(a.user),
            ChainReads.lower(a.node),
            a.nonce,
            a.balance,
            a.pendingRefund));
  }

  @Override
  public Optional<ChainTx> addUser(String intentKey, BigInteger value) {
    String data = settlement.addUser(value).encodeFunctionCall();
    try {
      return Optional.of(
          Logs.tx(send(intentKey, "Settlement.addUser", settlementAddress(), value, data)));
    } catch (ContractRevertException e) {
      if (user(sender.wallet()).isPresent()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public ChainTx depositInference(String intentKey, String node, BigInteger amount) {
    String data = settlement.depositInference(node, amount).encodeFunctionCall();
    TransactionReceipt receipt =
        send(
            intentKey,
            "Settlement.depositInference node=" + ChainReads.lower(node) + " amount=" + amount,
            settlementAddress(),
            BigInteger.ZERO,
            data);
    Logs.only(receipt, inferenceAddress(), BALANCE_UPDATED, "BalanceUpdated");
    return Logs.tx(receipt);
  }

  @Override
  public long head() {
    return reads.head();
  }

  @Override
  public Optional<SettledFee> settledFee(
      String user, String node, BigInteger nonce, long fromBlock) {
    List<Log> logs =
        reads.logs(
            inferenceAddress(),
            fromBlock,
            head(),
            BALANCE_UPDATED,
            ChainReads.addressTopic(user),
            ChainReads.addressTopic(node));
    for (Log log : logs) {
      Transaction tx =
          reads.call(
              "eth_getTransactionByHash",
              () ->
                  web3.ethGetTransactionByHash(log.getTransactionHash())
                      .send()
                      .getTransaction()
                      .orElseThrow());
      Optional<AIProcess.SettlementData> data = settlementData(tx);
      if (data.isPresent()
          && data.get().nonce.equals(nonce)
          && data.get().user.equalsIgnoreCase(user)
          && tx.getFrom().equalsIgnoreCase(node)) {
        return Optional.of(
            new SettledFee(
                data.get().id,
                ChainReads.lower(user),
                ChainReads.lower(node),
                data.get().cost,
                nonce,
                new ChainTx(log.getTransactionHash(), log.getBlockNumber().longValueExact())));
      }
    }
    return Optional.empty();
  }

  /** The settlement a {@code settlementFees} call carries; empty for any other transaction. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private Optional<AIProcess.SettlementData> settlementData(Transaction tx) {
    String input = tx.getInput();
    if (tx.getTo() == null
        || !ChainReads.lower(tx.getTo()).equals(inferenceAddress())
        || input == null
        || !input.startsWith(settlementFeesSelector)) {
      return Optional.empty();
    }
    List<Type> decoded =
        FunctionReturnDecoder.decode(
            "0x" + input.substring(10),
            (List) List.of(new TypeReference<AIProcess.Settlement>() {}));
    return decoded.isEmpty()
        ? Optional.empty()
        : Optional.of(((AIProcess.Settlement) decoded.get(0)).data);
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
