package social.gm2.lazai.devnet;

import java.io.IOException;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.crypto.RsaKeys;

/**
 * Makes the node an active node of a {@link NodeDirectory} (VerifiedComputing, or the Inference
 * contract) at its URL with its RSA key. Clients learn both from the chain only ({@code getNode}),
 * so a registration left over from an earlier run with another port or a fresh RSA key would route
 * jobs to the wrong place or wrap passwords for a key this process does not hold; with a maintainer
 * key such a registration is replaced.
 */
final class NodeRegistration {
  private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);

  private final NodeDirectory contract;
  private final NodeSender maintainer;

  /**
   * @param contract bound read-only, used to read and to encode calls
   * @param maintainer sends as a MAINTAINER_ROLE account; null when none is configured
   */
  NodeRegistration(NodeDirectory contract, NodeSender maintainer) {
    this.contract = contract;
    this.maintainer = maintainer;
  }

  /**
   * @throws IllegalStateException if the node is not active and there is no maintainer key
   */
  void ensure(String node, String url, RSAPublicKey key) throws InterruptedException {
    if (!read("isNode", () -> contract.isNode(node))) {
      requireMaintainer(node, url);
      add(node, url, key);
      log.info("registered node {} at {}", node, url);
      return;
    }
    NodeDirectory.Entry info = read("getNode", () -> contract.getNode(node));
    boolean sameKey = sameKey(info.publicKey(), key);
    if (info.url().equals(url) && sameKey) {
      log.info("node {} is already registered at {} with this RSA key", node, url);
    } else if (maintainer == null) {
      log.warn(
          "node {} is registered at {} with {} RSA key; clients will not reach this process at {}"
              + " or will wrap passwords it cannot open. Set NODE_MAINTAINER_KEY to re-register.",
          node,
          info.url(),
          sameKey ? "this" : "another",
          url);
    } else {
      maintainer.send(
          "removeNode(" + node + ")", contract.contractAddress(), contract.removeNodeCall(node));
      add(node, url, key);
      log.info("re-registered node {} at {} with this RSA key (was {})", node, url, info.url());
    }
  }

  private void requireMaintainer(String node, String url) {
    if (maintainer == null) {
      throw new IllegalStateException(
          "node "
              + node
              + " is not an active node of "
              + contract.name()
              + " "
              + contract.contractAddress()
              + " and NODE_MAINTAINER_KEY is not set: set it to a key with MAINTAINER_ROLE (on"
              + " the devnet, the deployer: Hardhat account #0) so that the node registers"
              + " itself, or register it with addNode("
              + node
              + ", "
              + url
              + ", <its PKCS#1 public key>)");
    }
  }

  /** The start fails early on the wrong chain rather than at the first transaction. */
  static void requireChainId(Web3j web3, long expected) throws IOException {
    long actual = web3.ethChainId().send().getChainId().longValueExact();
    if (actual != expected) {
      throw new IllegalStateException(
          "NODE_RPC_URL serves chain " + actual + ", but NODE_CHAIN_ID is " + expected);
    }
  }

  static void requireSameVerifiedComputing(DataRegistry registry, String expected) {
    String actual;
    try {
      actual = registry.verifiedComputing().send();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read the DataRegistry at NODE_DATA_REGISTRY "
              + registry.getContractAddress()
              + ": "
              + e.getMessage(),
          e);
    }
    if (!actual.equalsIgnoreCase(expected)) {
      throw new IllegalStateException(
          "the DataRegistry at NODE_DATA_REGISTRY works with VerifiedComputing "
              + actual
              + ", not NODE_VERIFIED_COMPUTING "
              + expected);
    }
  }

  /** Registers the PKCS#1 PEM, the form node-rsa clients can import (lazai-protocol §6). */
  private void add(String node, String url, RSAPublicKey key) throws InterruptedException {
    maintainer.send(
        "addNode(" + node + ")",
        contract.contractAddress(),
        contract.addNodeCall(node, url, RsaKeys.toPkcs1Pem(key)));
  }

  private static boolean sameKey(String registeredPem, RSAPublicKey key) {
    try {
      RSAPublicKey registered = RsaKeys.parsePublic(registeredPem);
      return registered.getModulus().equals(key.getModulus())
          && registered.getPublicExponent().equals(key.getPublicExponent());
    } catch (CryptoException | IllegalArgumentException e) {
      return false;
    }
  }

  private <T> T read(String function, Callable<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot read " + function + " from " + contract.name() + ": " + e.getMessage(), e);
    }
  }
}
