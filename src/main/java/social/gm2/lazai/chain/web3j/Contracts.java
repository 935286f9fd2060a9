package social.gm2.lazai.chain.web3j;

import java.util.Locale;
import org.web3j.protocol.Web3j;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import social.gm2.lazai.chain.web3j.contracts.DataAnchoringToken;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;

/**
 * The three LazAI contracts, bound read-only: the generated wrappers are used to encode calls and
 * decode answers and logs, never to send (the {@code TransactionSender} does that).
 */
record Contracts(
    DataRegistry registry,
    VerifiedComputing verifiedComputing,
    DataAnchoringToken token,
    String registryAddress,
    String verifiedComputingAddress,
    String tokenAddress) {

  /** Binds the registry, asks it for the token, and checks it names the same VerifiedComputing. */
  static Contracts bind(Web3j web3, String wallet, String registryAddress, String vcAddress)
      throws Exception {
    var readOnly = new ReadonlyTransactionManager(web3, wallet);
    var gas = new DefaultGasProvider();
    DataRegistry registry = DataRegistry.load(registryAddress, web3, readOnly, gas);
    String registryVc = lower(registry.verifiedComputing().send());
    if (!registryVc.equals(lower(vcAddress))) {
      throw new IllegalStateException(
          "the DataRegistry at "
              + registryAddress
              + " works with the VerifiedComputing contract "
              + registryVc
              + ", not the configured "
              + vcAddress
              + " (LAZAI_CONFIG.contractAddress must be the VerifiedComputing address)");
    }
    String tokenAddress = lower(registry.token().send());
    return new Contracts(
        registry,
        VerifiedComputing.load(vcAddress, web3, readOnly, gas),
        DataAnchoringToken.load(tokenAddress, web3, readOnly, gas),
        lower(registryAddress),
        lower(vcAddress),
        tokenAddress);
  }

  static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
