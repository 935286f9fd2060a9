package social.gm2.lazai.inference;

import java.math.BigInteger;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import social.gm2.lazai.config.Setting;

/**
 * Chat completions answered by a LazAI inference node from a token's DAT file (docs/inference.md).
 * The service wallet pays: it is the Settlement user, and its account for the node is funded once,
 * idempotently, through the durable sender.
 *
 * @param enabled whether {@code POST /api/v1/tokens/{token}/chat/completions} calls a node (false
 *     by default; the devnet turns it on)
 * @param inferenceAddress the Inference (AIProcess) contract, where nodes and accounts are
 * @param settlementAddress the Settlement contract, which holds the wallet's funds
 * @param node the inference node's wallet address; unset: the first active node of the Inference
 *     contract
 * @param initialDeposit wei paid into the Settlement contract when the wallet's user is created
 *     ({@code addUser{value}}, once; 0.01 ether by default)
 * @param deposit wei moved from the Settlement user into the node account when it is created and
 *     whenever its balance falls below {@code minimumBalance} ({@code depositInference}; 0.001
 *     ether by default)
 * @param minimumBalance the least the node account must hold before a request is sent (100 000 000
 *     wei by default: one million tokens at the reference node's 100 wei a token)
 * @param connectTimeout connecting to the node (10 s)
 * @param readTimeout waiting for its answer, or for the next chunk of a stream (5 min)
 * @param settlementPollInterval how often fees not yet found on chain are looked for (10 s)
 */
@ConfigurationProperties("lazai.inference")
public record InferenceProperties(
    Boolean enabled,
    String inferenceAddress,
    String settlementAddress,
    String node,
    BigInteger initialDeposit,
    BigInteger deposit,
    BigInteger minimumBalance,
    Duration connectTimeout,
    Duration readTimeout,
    Duration settlementPollInterval) {

  static final String PREFIX = "lazai.inference.";

  public InferenceProperties {
    enabled = enabled != null && enabled;
    if (enabled) {
      inferenceAddress = Setting.property(PREFIX + "inference-address").address(inferenceAddress);
      settlementAddress =
          Setting.property(PREFIX + "settlement-address").address(settlementAddress);
    }
    node = node == null || node.isBlank() ? null : Setting.property(PREFIX + "node").address(node);
    initialDeposit = positive("initial-deposit", initialDeposit, BigInteger.TEN.pow(16));
    deposit = positive("deposit", deposit, BigInteger.TEN.pow(15));
    minimumBalance = positive("minimum-balance", minimumBalance, BigInteger.valueOf(100_000_000));
    if (deposit.compareTo(initialDeposit) > 0) {
      throw Setting.property(PREFIX + "deposit")
          .problem("must not exceed " + PREFIX + "initial-deposit: it is drawn from it");
    }
    if (minimumBalance.compareTo(deposit) > 0) {
      throw Setting.property(PREFIX + "minimum-balance")
          .problem("must not exceed " + PREFIX + "deposit, or a fresh account would be too low");
    }
    connectTimeout = duration("connect-timeout", connectTimeout, Duration.ofSeconds(10));
    readTimeout = duration("read-timeout", readTimeout, Duration.ofMinutes(5));
    settlementPollInterval =
        duration("settlement-poll-interval", settlementPollInterval, Duration.ofSeconds(10));
  }

  private static BigInteger positive(String name, BigInteger value, BigInteger otherwise) {
    if (value == null) {
      return otherwise;
    }
    if (value.signum() <= 0) {
      throw Setting.property(PREFIX + name).problem("must be a positive number of wei");
    }
    return value;
  }

  private static Duration duration(String name, Duration value, Duration otherwise) {
    if (value == null) {
      return otherwise;
    }
    if (value.isNegative() || value.isZero()) {
      throw Setting.property(PREFIX + name).problem("must be a positive duration");
    }
    return value;
  }
}
