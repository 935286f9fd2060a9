package social.gm2.lazai.chain.tx;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import social.gm2.lazai.chain.RpcUnavailableException;
import social.gm2.lazai.chain.TransactionRevertedException;

/**
 * The JSON-RPC calls the sender makes, with their failures classified once: an unreachable or
 * erroring endpoint is {@link RpcUnavailableException} (retryable, naming the endpoint), a revert
 * is {@link TransactionRevertedException} (permanent, carrying the revert data).
 */
final class SenderRpc {
  private static final Pattern HEX_DATA = Pattern.compile("0x[0-9a-fA-F]*");

  private final Web3j web3;
  private final String endpoint;

  SenderRpc(Web3j web3, String endpoint) {
    this.web3 = web3;
    this.endpoint = endpoint;
  }

  BigInteger estimateGas(String from, TxIntent intent) {
    var answer =
        call(
            web3.ethEstimateGas(
                Transaction.createFunctionCallTransaction(
                    from, null, null, null, intent.to(), intent.value(), intent.data())));
    if (answer.hasError()) {
      if (isRevert(answer.getError())) {
        throw reverted(intent.purpose() + " would revert", null, answer.getError());
      }
      throw new RpcUnavailableException(
          "the chain's RPC endpoint "
              + endpoint
              + " refused eth_estimateGas for "
              + intent.purpose()
              + ": "
              + answer.getError().getMessage(),
          null);
    }
    return answer.getAmountUsed();
  }

  /**
   * Replays a mined transaction that failed, to learn why it reverted: on the state after its block
   * (which holds whatever raced it in the same block), else on the state before it.
   */
  String revertData(String from, StoredTx tx, long block) {
    for (long at : new long[] {block, Math.max(0, block - 1)}) {
      var answer =
          call(
              web3.ethCall(
                  Transaction.createFunctionCallTransaction(
                      from,
                      null,
                      null,
                      tx.gasLimit(),
                      tx.intent().to(),
                      tx.intent().value(),
                      tx.intent().data()),
                  DefaultBlockParameter.valueOf(BigInteger.valueOf(at))));
      if (answer.hasError()) {
        return data(answer.getError());
      }
    }
    return "0x";
  }

  BigInteger gasPrice() {
    return ok(call(web3.ethGasPrice()), "eth_gasPrice").getGasPrice();
  }

  long nonce(String wallet, DefaultBlockParameterName at) {
    return ok(call(web3.ethGetTransactionCount(wallet, at)), "eth_getTransactionCount")
        .getTransactionCount()
        .longValueExact();
  }

  long head() {
    return ok(call(web3.ethBlockNumber()), "eth_blockNumber").getBlockNumber().longValueExact();
  }

  Optional<TransactionReceipt> receipt(String hash) {
    return ok(call(web3.ethGetTransactionReceipt(hash)), "eth_getTransactionReceipt")
        .getTransactionReceipt();
  }

  /** Broadcasts signed bytes; returns the node's refusal message, or empty if it took them. */
  Optional<String> sendRaw(String raw) {
    var answer = call(web3.ethSendRawTransaction(raw));
    return answer.hasError() ? Optional.of(answer.getError().getMessage()) : Optional.empty();
  }

  private <T extends Response<?>> T call(Request<?, T> request) {
    try {
      return request.send();
    } catch (IOException | ClientConnectionException e) {
      // ClientConnectionException: web3j's HTTP service got an error status (503, 429, …).
      throw new RpcUnavailableException(
          "the chain's RPC endpoint "
              + endpoint
              + " did not answer "
              + request.getMethod()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private <T extends Response<?>> T ok(T answer, String method) {
    if (answer.hasError()) {
      throw new RpcUnavailableException(
          "the chain's RPC endpoint "
              + endpoint
              + " refused "
              + method
              + ": "
              + answer.getError().getMessage(),
          null);
    }
    return answer;
  }

  private static TransactionRevertedException reverted(
      String what, String hash, Response.Error error) {
    return new TransactionRevertedException(what + ": " + error.getMessage(), hash, data(error));
  }

  /**
   * Whether an error answer is the call reverting, rather than the endpoint failing (rate limits,
   * internal errors): geth's code 3, revert data, or a message that says so.
   */
  static boolean isRevert(Response.Error error) {
    String message = error.getMessage() == null ? "" : error.getMessage().toLowerCase(Locale.ROOT);
    return error.getCode() == 3 || data(error).length() >= 10 || message.contains("revert");
  }

  /** The revert data in an error's {@code data}: a hex string, or an object that holds one. */
  static String data(Response.Error error) {
    String data = error.getData();
    if (data == null) {
      return "0x";
    }
    Matcher m = HEX_DATA.matcher(data);
    String longest = "0x";
    while (m.find()) {
      if (m.group().length() > longest.length()) {
        longest = m.group();
      }
    }
    return longest;
  }
}
