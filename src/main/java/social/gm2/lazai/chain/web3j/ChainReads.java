package social.gm2.lazai.chain.web3j;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.tx.exceptions.ContractCallException;
import social.gm2.lazai.chain.ContractRevertException;
import social.gm2.lazai.chain.LogRangeTooLargeException;
import social.gm2.lazai.chain.RpcUnavailableException;
import social.gm2.lazai.chain.TransactionRevertedException;

/**
 * The reads the adapter makes outside the contract wrappers, and the one place where web3j's
 * failures become this service's: an endpoint that does not answer is {@link
 * RpcUnavailableException} naming it, a view that reverts is {@link ContractRevertException}.
 */
final class ChainReads {
  private static final List<String> RANGE_REFUSALS =
      List.of(
          "block range",
          "range too",
          "range is too",
          "too many blocks",
          "more than",
          "too many results",
          "limit exceeded",
          "exceeds the limit",
          "response size",
          "query timeout");

  private final Web3j web3;
  private final String endpoint;

  ChainReads(Web3j web3, String endpoint) {
    this.web3 = web3;
    this.endpoint = endpoint;
  }

  long head() {
    return call(
        "eth_blockNumber", () -> web3.ethBlockNumber().send().getBlockNumber().longValueExact());
  }

  TransactionReceipt receipt(String hash) {
    return call(
        "eth_getTransactionReceipt",
        () -> web3.ethGetTransactionReceipt(hash).send().getTransactionReceipt().orElseThrow());
  }

  /** The account that sent the transaction. */
  String sender(String hash) {
    return call(
        "eth_getTransactionByHash",
        () -> web3.ethGetTransactionByHash(hash).send().getTransaction().orElseThrow().getFrom());
  }

  /**
   * The logs {@code address} wrote in the block range whose topics match ({@code null} matches
   * any), without logs a reorg removed or logs another contract wrote.
   */
  @SuppressWarnings("rawtypes")
  List<Log> logs(String address, long from, long to, String... topics) {
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
                throw logsRefused(from, to, answer.getError());
              }
              return answer.getLogs();
            });
    return results.stream()
        .map(r -> (Log) r.get())
        .filter(l -> lower(l.getAddress()).equals(address) && !Boolean.TRUE.equals(l.isRemoved()))
        .toList();
  }

  /** The hash of the canonical block {@code number}; empty if there is no such block. */
  Optional<String> blockHash(long number) {
    return call(
        "eth_getBlockByNumber",
        () -> {
          var answer =
              web3.ethGetBlockByNumber(
                      DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)
                  .send();
          if (answer.hasError()) {
            throw new IOException(answer.getError().getMessage());
          }
          return Optional.ofNullable(answer.getBlock()).map(b -> b.getHash());
        });
  }

  /**
   * An {@code eth_getLogs} error: a refused range or result size (each provider words it its own
   * way; -32005 is the common code) asks for a narrower range; anything else may pass.
   */
  private Exception logsRefused(long from, long to, Response.Error error) {
    String message = error.getMessage() == null ? "" : error.getMessage();
    String lower = message.toLowerCase(Locale.ROOT);
    boolean tooLarge =
        error.getCode() == -32005 || RANGE_REFUSALS.stream().anyMatch(lower::contains);
    String what = "eth_getLogs [" + from + ", " + to + "]";
    if (tooLarge) {
      return new LogRangeTooLargeException(
          "the chain's RPC endpoint " + endpoint + " refused " + what + " as too large: " + message,
          null);
    }
    return new IOException(what + ": " + message);
  }

  /** A contract view call through a generated wrapper. */
  <T> T view(String function, Callable<T> call) {
    try {
      return call.call();
    } catch (ContractCallException e) {
      throw new ContractRevertException(
          function, new TransactionRevertedException(function + ": " + e.getMessage(), null, "0x"));
    } catch (IOException | ClientConnectionException e) {
      throw unavailable(function, e);
    } catch (Exception e) {
      throw new IllegalStateException(function + " failed: " + e.getMessage(), e);
    }
  }

  <T> T call(String method, Callable<T> call) {
    try {
      return call.call();
    } catch (IOException | ClientConnectionException e) {
      throw unavailable(method, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
    }
  }

  /** An endpoint that did not answer, or answered with an HTTP error (web3j's ClientConnection). */
  RpcUnavailableException unavailable(String what, Exception e) {
    return new RpcUnavailableException(
        "the chain's RPC endpoint " + endpoint + " did not answer " + what + ": " + e.getMessage(),
        e);
  }

  /** An indexed uint256 as a log topic. */
  static String topic(BigInteger value) {
    return "0x" + TypeEncoder.encode(new Uint256(value));
  }

  /** An indexed address as a log topic. */
  static String addressTopic(String address) {
    return "0x" + TypeEncoder.encode(new org.web3j.abi.datatypes.Address(address));
  }

  static String lower(String address) {
    return address == null ? null : address.toLowerCase(Locale.ROOT);
  }
}
