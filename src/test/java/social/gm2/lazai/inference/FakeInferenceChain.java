package social.gm2.lazai.inference;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.InferenceAccountState;
import social.gm2.lazai.chain.InferenceChain;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.RpcUnavailableException;
import social.gm2.lazai.chain.SettledFee;
import social.gm2.lazai.chain.SettlementUser;

/**
 * The Inference and Settlement contracts in memory, as the devnet contracts behave (lazai-protocol
 * §2.4, §2.5): {@code addUser} once per user, {@code depositInference} moving available balance
 * into a (user, node) account, {@code settlementFees} as a node would send it. A write under an
 * intent key already sent answers with that transaction, as the durable sender does; {@link #sent}
 * lists the transactions really made.
 */
final class FakeInferenceChain implements InferenceChain {
  static final String INFERENCE = "0x" + "1".repeat(40);
  static final String SETTLEMENT = "0x" + "2".repeat(40);

  private final String wallet;
  private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();
  private final Map<String, BigInteger[]> users = new HashMap<>();
  private final Map<String, InferenceAccountState> accounts = new HashMap<>();
  private final Map<String, ChainTx> byIntent = new HashMap<>();
  private final List<String> sent = new ArrayList<>();
  private final List<SettledFee> fees = new ArrayList<>();
  private long head = 100;
  private volatile boolean down;

  /** Every read after this fails as an unreachable RPC endpoint does. */
  void down() {
    down = true;
  }

  FakeInferenceChain(String wallet) {
    this.wallet = wallet.toLowerCase(Locale.ROOT);
  }

  void addNode(String address, String url) {
    String node = address.toLowerCase(Locale.ROOT);
    nodes.put(
        node,
        new NodeInfo(node, url, NodeInfo.Status.ACTIVE, BigInteger.ZERO, BigInteger.ZERO, ""));
  }

  /** What a node's {@code settlementFees} does: deducts, sets the nonce, logs. */
  synchronized SettledFee settle(String node, String id, BigInteger cost, BigInteger nonce) {
    InferenceAccountState a = accounts.get(key(wallet, node));
    if (a.balance().compareTo(cost) < 0 || nonce.compareTo(a.nonce()) < 0) {
      throw new IllegalStateException("settlementFees would revert");
    }
    accounts.put(
        key(wallet, node),
        new InferenceAccountState(
            wallet, node, nonce, a.balance().subtract(cost), BigInteger.ZERO));
    SettledFee fee = new SettledFee(id, wallet, node, cost, nonce, tx("settlementFees " + nonce));
    fees.add(fee);
    return fee;
  }

  /** The descriptions of the transactions really sent, in order. */
  synchronized List<String> sent() {
    return List.copyOf(sent);
  }

  @Override
  public String inferenceAddress() {
    return INFERENCE;
  }

  @Override
  public String settlementAddress() {
    return SETTLEMENT;
  }

  @Override
  public String wallet() {
    return wallet;
  }

  @Override
  public synchronized List<String> activeNodes() {
    if (down) {
      throw new RpcUnavailableException("the chain's RPC endpoint did not answer", null);
    }
    return List.copyOf(nodes.keySet());
  }

  @Override
  public synchronized NodeInfo node(String address) {
    NodeInfo node = nodes.get(address.toLowerCase(Locale.ROOT));
    return node != null
        ? node
        : new NodeInfo(address, "", NodeInfo.Status.NONE, BigInteger.ZERO, BigInteger.ZERO, "");
  }

  @Override
  public synchronized Optional<SettlementUser> user(String address) {
    BigInteger[] b = users.get(address.toLowerCase(Locale.ROOT));
    return b == null ? Optional.empty() : Optional.of(new SettlementUser(address, b[0], b[1]));
  }

  @Override
  public synchronized Optional<InferenceAccountState> account(String user, String node) {
    return Optional.ofNullable(accounts.get(key(user, node)));
  }

  @Override
  public synchronized Optional<ChainTx> addUser(String intentKey, BigInteger value) {
    if (byIntent.containsKey(intentKey)) {
      return Optional.of(byIntent.get(intentKey));
    }
    if (users.containsKey(wallet)) {
      return Optional.empty();
    }
    users.put(wallet, new BigInteger[] {value, value});
    ChainTx tx = tx("addUser " + value);
    byIntent.put(intentKey, tx);
    return Optional.of(tx);
  }

  @Override
  public synchronized ChainTx depositInference(String intentKey, String node, BigInteger amount) {
    if (byIntent.containsKey(intentKey)) {
      return byIntent.get(intentKey);
    }
    BigInteger[] user = users.get(wallet);
    if (user == null || user[0].compareTo(amount) < 0) {
      throw new IllegalStateException("depositInference would revert");
    }
    user[0] = user[0].subtract(amount);
    String n = node.toLowerCase(Locale.ROOT);
    InferenceAccountState a =
        accounts.getOrDefault(
            key(wallet, n),
            new InferenceAccountState(
                wallet, n, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO));
    accounts.put(
        key(wallet, n),
        new InferenceAccountState(
            wallet, n, a.nonce(), a.balance().add(amount), a.pendingRefund()));
    ChainTx tx = tx("depositInference " + n + " " + amount);
    byIntent.put(intentKey, tx);
    return tx;
  }

  @Override
  public synchronized long head() {
    return head;
  }

  @Override
  public synchronized Optional<SettledFee> settledFee(
      String user, String node, BigInteger nonce, long fromBlock) {
    return fees.stream()
        .filter(
            f ->
                f.user().equalsIgnoreCase(user)
                    && f.node().equalsIgnoreCase(node)
                    && f.nonce().equals(nonce)
                    && f.tx().blockNumber() >= fromBlock)
        .findFirst();
  }

  private ChainTx tx(String what) {
    sent.add(what);
    head++;
    return new ChainTx("0x" + String.format("%064x", head), head);
  }

  private static String key(String user, String node) {
    return user.toLowerCase(Locale.ROOT) + "/" + node.toLowerCase(Locale.ROOT);
  }
}
