package social.gm2.lazai.chain;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;

/**
 * The LazAI chain this service writes to, and the wallet it writes with. The original service's
 * {@code LAZAI_CONFIG} JSON supplies the first three.
 *
 * @param privateKey the service wallet's secp256k1 key ({@code LAZAI_CONFIG.privateKey})
 * @param rpcUrl JSON-RPC endpoint ({@code LAZAI_CONFIG.rpc})
 * @param verifiedComputingAddress the VerifiedComputing contract, whose {@code JobComplete} events
 *     are the attestations ({@code LAZAI_CONFIG.contractAddress})
 * @param chainId the chain id that signed transactions carry; LazAI testnet and the local devnet
 *     both use 133718
 */
@ConfigurationProperties("lazai.chain")
public record ChainProperties(
    Secret privateKey, String rpcUrl, String verifiedComputingAddress, Long chainId) {

  private static final Setting LAZAI_CONFIG = new Setting("LAZAI_CONFIG", "lazai.chain");

  /** LazAI testnet; the SDK's local devnet uses the same id. */
  public static final long LAZAI_TESTNET_CHAIN_ID = 133_718;

  public ChainProperties {
    privateKey = LAZAI_CONFIG.child("privateKey", "private-key").privateKey(privateKey);
    rpcUrl = LAZAI_CONFIG.child("rpc", "rpc-url").rpcUrl(rpcUrl).toString();
    verifiedComputingAddress =
        LAZAI_CONFIG
            .child("contractAddress", "verified-computing-address")
            .address(verifiedComputingAddress);
    chainId = chainId == null ? LAZAI_TESTNET_CHAIN_ID : chainId;
    if (chainId <= 0) {
      throw Setting.property("lazai.chain.chain-id").problem("must be positive, got " + chainId);
    }
  }

  public URI rpcUri() {
    return URI.create(rpcUrl);
  }
}
