package social.gm2.lazai.devnet;

import social.gm2.lazai.chain.web3j.contracts.AIProcess;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;

/**
 * A contract that nodes register in with {@code addNode(address, url, publicKey)}:
 * VerifiedComputing (proof nodes) or an AIProcess contract such as Inference (lazai-protocol §2.2,
 * §2.4 — the same registry ABI). Reads go through a read-only bound wrapper; writes are returned as
 * call data for a {@link NodeSender}.
 */
interface NodeDirectory {

  /**
   * What a node's registration holds that a client uses: where to reach it, what key to wrap for.
   */
  record Entry(String url, String publicKey) {}

  /** The contract's name for messages, e.g. {@code "VerifiedComputing"}. */
  String name();

  String contractAddress();

  boolean isNode(String node) throws Exception;

  Entry getNode(String node) throws Exception;

  String addNodeCall(String node, String url, String publicKeyPem);

  String removeNodeCall(String node);

  static NodeDirectory of(VerifiedComputing contract) {
    return new NodeDirectory() {
      @Override
      public String name() {
        return "VerifiedComputing";
      }

      @Override
      public String contractAddress() {
        return contract.getContractAddress();
      }

      @Override
      public boolean isNode(String node) throws Exception {
        return contract.isNode(node).send();
      }

      @Override
      public Entry getNode(String node) throws Exception {
        VerifiedComputing.NodeInfo info = contract.getNode(node).send();
        return new Entry(info.url, info.publicKey);
      }

      @Override
      public String addNodeCall(String node, String url, String publicKeyPem) {
        return contract.addNode(node, url, publicKeyPem).encodeFunctionCall();
      }

      @Override
      public String removeNodeCall(String node) {
        return contract.removeNode(node).encodeFunctionCall();
      }
    };
  }

  static NodeDirectory of(AIProcess contract, String name) {
    return new NodeDirectory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String contractAddress() {
        return contract.getContractAddress();
      }

      @Override
      public boolean isNode(String node) throws Exception {
        return contract.isNode(node).send();
      }

      @Override
      public Entry getNode(String node) throws Exception {
        AIProcess.NodeInfo info = contract.getNode(node).send();
        return new Entry(info.url, info.publicKey);
      }

      @Override
      public String addNodeCall(String node, String url, String publicKeyPem) {
        return contract.addNode(node, url, publicKeyPem).encodeFunctionCall();
      }

      @Override
      public String removeNodeCall(String node) {
        return contract.removeNode(node).encodeFunctionCall();
      }
    };
  }
}
