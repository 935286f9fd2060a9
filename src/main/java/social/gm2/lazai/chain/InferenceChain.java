package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The inference side of LazAI (lazai-protocol §2.4, §2.5, §9): the Inference contract (an
 * AIProcess) where inference nodes are registered and where each (user, node) account holds the
 * balance the node's fees are settled from, and the Settlement contract that holds the user's
 * funds. The paying user is always the service wallet ({@link #wallet()}). Writes take an intent
 * key and go through the durable sender: the same key always means the same transaction, so a
 * retried or resumed setup waits for the transaction already sent instead of sending another.
 */
public interface InferenceChain {

  /** The Inference (AIProcess) contract's address, lower-case. */
  String inferenceAddress();

  /** The Settlement contract's address, lower-case. */
  String settlementAddress();

  /** The paying user: the service wallet's address, lower-case. */
  String wallet();

  /** The active nodes registered in the Inference contract ({@code activeNodeList}), lower-case. */
  List<String> activeNodes();

  /** A node as the Inference contract has it ({@code getNode}); its url is the OpenAI base. */
  NodeInfo node(String address);

  /**
   * The user's Settlement record ({@code getUser}); empty if it has none ({@code UserNotExists}).
   */
  Optional<SettlementUser> user(String address);

  /**
   * The (user, node) account of the Inference contract ({@code getAccount}); empty if it does not
   * exist ({@code AccountNotExists}).
   */
  Optional<InferenceAccountState> account(String user, String node);

  /**
   * Creates the wallet's Settlement user with {@code value} wei ({@code addUser{value}}); answers
   * with the transaction that created it, or empty when the user already existed ({@code
   * UserAlreadyExists}).
   */
  Optional<ChainTx> addUser(String intentKey, BigInteger value);

  /**
   * Moves {@code amount} of the wallet's available Settlement balance into its account for {@code
   * node} ({@code depositInference(node, amount)}), creating the account on first use.
   */
  ChainTx depositInference(String intentKey, String node, BigInteger amount);

  long head();

  /**
   * The fee the node settled for the request with this nonce, found from {@code fromBlock} on: the
   * {@code settlementFees} transaction to the Inference contract for ({@code user}, {@code nonce})
   * sent by {@code node}, with its {@code BalanceUpdated} log; empty if not (yet) mined.
   */
  Optional<SettledFee> settledFee(String user, String node, BigInteger nonce, long fromBlock);
}
