package social.gm2.lazai.devnet;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import social.gm2.lazai.chain.ContractRevertException;
import social.gm2.lazai.chain.ReceiptTimeoutException;
import social.gm2.lazai.chain.RpcUnavailableException;
import social.gm2.lazai.chain.TransactionRevertedException;

/**
 * Sends one wallet's transactions and waits for each receipt. The simulated node is a single
 * process with its own wallet, so a lock around nonce and broadcast and the chain's pending nonce
 * are all the coordination it needs; it must not depend on the service's database-backed sender.
 *
 * <p>Transactions are legacy EIP-155 ones (the chain id is signed in), with the gas limit at 120 %
 * of the estimate. A call that would revert, or a mined transaction with status 0, becomes a {@link
 * ContractRevertException} that carries the decoded {@code ContractError} and the tx hash, if any.
 */
final class NodeSender {
  private static final Logger log = LoggerFactory.getLogger(NodeSender.class);
  private static final Pattern HEX_DATA = Pattern.compile("0x[0-9a-fA-F]*");
  private static final Duration POLL = Duration.ofMillis(50);

  private final Web3j web3;
  private final Credentials credentials;
  private final long chainId;
  private final Duration receiptTimeout;
  private final ReentrantLock lock = new ReentrantLock();

  NodeSender(Web3j web3, Credentials credentials, long chainId, Duration receiptTimeout) {
    this.web3 = web3;
    this.credentials = credentials;
    this.chainId = chainId;
    this.receiptTimeout = receiptTimeout;
  }

  String address() {
    return credentials.getAddress();
  }

  /**
   * Signs, broadcasts and waits for a call of {@code data} to {@code to}.
   *
   * @param purpose names the call in errors and logs, e.g. {@code "completeJob(7)"}
   * @throws ContractRevertException if the call reverts, before or after mining
   * @throws ReceiptTimeoutException if it is not mined within the receipt timeout
   * @throws RpcUnavailableException if the RPC endpoint fails or refuses the transaction
   */
  TransactionReceipt send(String purpose, String to, String data) throws InterruptedException {
    BigInteger gas =
        estimateGas(purpose, to, data).multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN);
    String hash = broadcast(to, data, gas);
    TransactionReceipt receipt = awaitReceipt(purpose, hash);
    if (!receipt.isStatusOK()) {
      String reason = revertData(to, data, gas, receipt.getBlockNumber());
      throw new ContractRevertException(
          purpose, new TransactionRevertedException(purpose + " reverted", hash, reason));
    }
    log.info("{} mined in block {} (tx {})", purpose, receipt.getBlockNumber(), hash);
    return receipt;
  }

  /**
   * Takes the next nonce and broadcasts under the lock, so that the pending count already includes
   * this transaction when the next one asks; the receipt is awaited outside it, so that the jobs of
   * many requests share blocks instead of queueing one block each.
   */
  private String broadcast(String to, String data, BigInteger gas) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      BigInteger nonce =
          ok(web3.ethGetTransactionCount(address(), DefaultBlockParameterName.PENDING))
              .getTransactionCount();
      BigInteger gasPrice = ok(web3.ethGasPrice()).getGasPrice();
      RawTransaction raw =
          RawTransaction.createTransaction(nonce, gasPrice, gas, to, BigInteger.ZERO, data);
      String signed =
          Numeric.toHexString(TransactionEncoder.signMessage(raw, chainId, credentials));
      return ok(web3.ethSendRawTransaction(signed)).getTransactionHash();
    } finally {
      lock.unlock();
    }
  }

  private BigInteger estimateGas(String purpose, String to, String data) {
    var answer =
        call(
            web3.ethEstimateGas(
                Transaction.createFunctionCallTransaction(
                    address(), null, null, null, to, BigInteger.ZERO, data)));
    if (!answer.hasError()) {
      return answer.getAmountUsed();
    }
    String message = answer.getError().getMessage();
    String reason = revertData(answer.getError());
    if (reason.equals("0x") && (message == null || !message.contains("revert"))) {
      // Not the contract's refusal: no funds for gas, a node problem, ...
      throw new RpcUnavailableException(purpose + " cannot be sent: " + message, null);
    }
    throw new ContractRevertException(
        purpose,
        new TransactionRevertedException(purpose + " would revert: " + message, null, reason));
  }

  private TransactionReceipt awaitReceipt(String purpose, String hash) throws InterruptedException {
    long deadline = System.nanoTime() + receiptTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<TransactionReceipt> receipt =
          ok(web3.ethGetTransactionReceipt(hash)).getTransactionReceipt();
      if (receipt.isPresent()) {
        return receipt.get();
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new ReceiptTimeoutException(
        purpose + " was not mined within " + receiptTimeout + " (tx " + hash + ")", hash);
  }

  /** Replays a mined call that failed, one block earlier, to learn why it reverted. */
  private String revertData(String to, String data, BigInteger gas, BigInteger block) {
    var answer =
        call(
            web3.ethCall(
                Transaction.createFunctionCallTransaction(
                    address(), null, null, gas, to, BigInteger.ZERO, data),
                DefaultBlockParameter.valueOf(
                    block.subtract(BigInteger.ONE).max(BigInteger.ZERO))));
    return answer.hasError() ? revertData(answer.getError()) : "0x";
  }

  /** The revert data in an error's {@code data}: a hex string, or an object that holds one. */
  private static String revertData(Response.Error error) {
    String data = error.getData();
    String longest = "0x";
    if (data != null) {
      Matcher m = HEX_DATA.matcher(data);
      while (m.find()) {
        longest = m.group().length() > longest.length() ? m.group() : longest;
      }
    }
    return longest;
  }

  private static <T extends Response<?>> T ok(Request<?, T> request) {
    T answer = call(request);
    if (answer.hasError()) {
      throw new RpcUnavailableException(
          "the chain refused " + request.getMethod() + ": " + answer.getError().getMessage(), null);
    }
    return answer;
  }

  // The endpoint is not named: a hosted RPC URL may carry an API key in its path.
  private static <T extends Response<?>> T call(Request<?, T> request) {
    try {
      return request.send();
    } catch (IOException e) {
      throw new RpcUnavailableException(
          "the chain's RPC endpoint did not answer " + request.getMethod() + ": " + e.getMessage(),
          e);
    }
  }
}
