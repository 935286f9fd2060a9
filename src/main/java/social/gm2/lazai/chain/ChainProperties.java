package social.gm2.lazai.chain;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;

/**
 * The LazAI chain this service writes to, and the wallet it writes with. The original service's
 * {@code LAZAI_CONFIG} JSON supplies the first three.
 *
 * @param privateKey the service wallet's secp256k1 key ({@code LAZAI_CONFIG.privateKey}), for the
 *     plain signer ({@code lazai.signer.type=plain}, the default, which then requires it); checked
 *     here when set, required or refused by {@code social.gm2.lazai.signer.factory.SignerFactory}
 * @param rpcUrl JSON-RPC endpoint ({@code LAZAI_CONFIG.rpc})
 * @param verifiedComputingAddress the VerifiedComputing contract, whose {@code JobComplete} events
 *     are the attestations ({@code LAZAI_CONFIG.contractAddress})
 * @param dataRegistryAddress the DataRegistry (default: LazAI testnet's); the DAT contract is read
 *     from it ({@code token()}), and its {@code verifiedComputing()} must equal the address above
 * @param chainId the chain id that signed transactions carry; LazAI testnet and the local devnet
 *     both use 133718
 * @param deploymentBlock where log searches (an earlier reward, a proof) start; 0 by default
 * @param maxHeadAge the chain health turns DOWN when no new block came for this long (0: never; for
 *     a devnet that mines only on demand)
 * @param allowedNodeNetworks internal networks (CIDR) whose node URLs may still be called; empty by
 *     default, loopback for the devnet
 * @param transactions how transactions are sent and followed
 */
@ConfigurationProperties("lazai.chain")
public record ChainProperties(
    Secret privateKey,
    String rpcUrl,
    String verifiedComputingAddress,
    String dataRegistryAddress,
    Long chainId,
    Long deploymentBlock,
    Duration maxHeadAge,
    List<String> allowedNodeNetworks,
    Transactions transactions) {

  private static final Setting LAZAI_CONFIG = new Setting("LAZAI_CONFIG", "lazai.chain");

  /** LazAI testnet's DataRegistry proxy (lazai-protocol §1.1). */
  public static final String TESTNET_DATA_REGISTRY = "0xE7753EeBCA82849D6b19E6689B350f87318A8998";

  /** LazAI testnet; the SDK's local devnet uses the same id. */
  public static final long LAZAI_TESTNET_CHAIN_ID = 133_718;

  public ChainProperties {
    privateKey =
        privateKey == null
            ? null
            : LAZAI_CONFIG.child("privateKey", "private-key").privateKey(privateKey);
    rpcUrl = LAZAI_CONFIG.child("rpc", "rpc-url").httpUrl(rpcUrl).toString();
    verifiedComputingAddress =
        LAZAI_CONFIG
            .child("contractAddress", "verified-computing-address")
            .address(verifiedComputingAddress);
    dataRegistryAddress =
        Setting.property("lazai.chain.data-registry-address")
            .address(dataRegistryAddress == null ? TESTNET_DATA_REGISTRY : dataRegistryAddress);
    chainId = chainId == null ? LAZAI_TESTNET_CHAIN_ID : chainId;
    deploymentBlock = deploymentBlock == null ? 0L : deploymentBlock;
    if (deploymentBlock < 0) {
      throw Setting.property("lazai.chain.deployment-block").problem("must be 0 or more");
    }
    if (chainId <= 0) {
      throw Setting.property("lazai.chain.chain-id").problem("must be positive, got " + chainId);
    }
    maxHeadAge = maxHeadAge == null ? Duration.ofMinutes(5) : maxHeadAge;
    if (maxHeadAge.isNegative()) {
      throw Setting.property("lazai.chain.max-head-age").problem("must not be negative");
    }
    allowedNodeNetworks =
        allowedNodeNetworks == null ? List.of() : List.copyOf(allowedNodeNetworks);
    try {
      new NodeUrlPolicy(allowedNodeNetworks);
    } catch (IllegalArgumentException e) {
      throw Setting.property("lazai.chain.allowed-node-networks").problem(e.getMessage());
    }
    transactions = transactions == null ? Transactions.DEFAULTS : transactions;
  }

  public URI rpcUri() {
    return URI.create(rpcUrl);
  }

  /**
   * How the wallet's transactions are sent and followed.
   *
   * @param confirmations blocks on top of the one that mined a transaction before it counts
   * @param receiptTimeout how long a send waits for its receipt before giving up (the transaction
   *     stays stored and is waited for again by the next send of the same intent)
   * @param pollInterval how often receipts are looked for
   * @param stuckAfter how long an attempt may stay unmined before its fee is raised
   * @param feeBumpPercent how much each replacement raises the gas price; at least 12.5
   * @param maxGasPriceWei the cap no replacement goes above
   * @param gasLimitPercent the gas limit as a percentage of the estimate (the SDK uses 120)
   * @param maxPending the most transactions the wallet has sent and not yet seen confirmed (64 by
   *     default); further sends wait, so a burst of mints never floods the node's pool for one
   *     account
   */
  public record Transactions(
      Integer confirmations,
      Duration receiptTimeout,
      Duration pollInterval,
      Duration stuckAfter,
      BigDecimal feeBumpPercent,
      BigInteger maxGasPriceWei,
      Integer gasLimitPercent,
      Integer maxPending) {

    static final Transactions DEFAULTS =
        new Transactions(null, null, null, null, null, null, null, null);

    private static final Setting AT = Setting.property("lazai.chain.transactions");

    public Transactions {
      confirmations = confirmations == null ? 1 : confirmations;
      receiptTimeout = receiptTimeout == null ? Duration.ofMinutes(5) : receiptTimeout;
      pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
      stuckAfter = stuckAfter == null ? Duration.ofSeconds(90) : stuckAfter;
      feeBumpPercent = feeBumpPercent == null ? new BigDecimal("12.5") : feeBumpPercent;
      maxGasPriceWei =
          maxGasPriceWei == null ? BigInteger.valueOf(500_000_000_000L) : maxGasPriceWei;
      gasLimitPercent = gasLimitPercent == null ? 120 : gasLimitPercent;
      maxPending = maxPending == null ? 64 : maxPending;
      if (maxPending < 1 || maxPending > 1024) {
        throw AT.child(null, "max-pending")
            .problem("must be between 1 and 1024, got " + maxPending);
      }
      if (confirmations < 1) {
        throw AT.child(null, "confirmations").problem("must be 1 or more, got " + confirmations);
      }
      if (feeBumpPercent.compareTo(new BigDecimal("12.5")) < 0) {
        throw AT.child(null, "fee-bump-percent")
            .problem(
                "must be at least 12.5, or nodes refuse the replacement; got " + feeBumpPercent);
      }
      if (gasLimitPercent < 100) {
        throw AT.child(null, "gas-limit-percent")
            .problem("must be 100 or more, got " + gasLimitPercent);
      }
      if (pollInterval.isNegative()
          || pollInterval.isZero()
          || receiptTimeout.compareTo(pollInterval) < 0) {
        throw AT.child(null, "poll-interval")
            .problem("must be positive and shorter than receipt-timeout");
      }
    }
  }
}
