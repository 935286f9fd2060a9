package social.gm2.lazai.support;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;
import social.gm2.lazai.crypto.Wallet;

/**
 * One devnet wallet acting on the contracts directly, outside the service: nonces come from the
 * chain at every send (no database), so it keeps working across {@code evm_revert}.
 */
public final class DevnetActor {
  private final Credentials credentials;
  private final Wallet wallet;
  private final DataRegistry registry;
  private final VerifiedComputing vc;

  public DevnetActor(Web3j web3, String key, String registry, String verifiedComputing) {
    this(web3, key, registry, verifiedComputing, BigInteger.valueOf(2_000_000_000L));
  }

  /**
   * An actor paying {@code gasPriceWei}: Hardhat mines its pool by fee, so a higher price than the
   * service's puts this actor's transaction first in the next block.
   */
  public DevnetActor(
      Web3j web3, String key, String registry, String verifiedComputing, BigInteger gasPriceWei) {
    this.credentials = Credentials.create(key);
    this.wallet = Wallet.fromPrivateKey(key);
    var manager =
        new RawTransactionManager(
            web3,
            credentials,
            ChainProperties.LAZAI_TESTNET_CHAIN_ID,
            new PollingTransactionReceiptProcessor(web3, 20, 1500));
    var gas = new StaticGasProvider(gasPriceWei, BigInteger.valueOf(1_000_000));
    this.registry = registry == null ? null : DataRegistry.load(registry, web3, manager, gas);
    this.vc = VerifiedComputing.load(verifiedComputing, web3, manager, gas);
  }

  public String address() {
    return credentials.getAddress();
  }

  public BigInteger addFile(String url) throws Exception {
    TransactionReceipt receipt = registry.addFile(url, "").send();
    return DataRegistry.getFileAddedEvents(receipt).get(0).fileId;
  }

  /** Opens a job for the file (paying the node fee); its id. */
  public BigInteger requestProof(BigInteger fileId) throws Exception {
    TransactionReceipt receipt = vc.requestProof(fileId, vc.nodeFee().send()).send();
    return VerifiedComputing.getJobSubmittedEvents(receipt).get(0).jobId;
  }

  public TransactionReceipt completeJob(BigInteger jobId) throws Exception {
    TransactionReceipt receipt = vc.completeJob(jobId).send();
    if (!receipt.isStatusOK()) {
      throw new AssertionError("completeJob(" + jobId + ") reverted: " + receipt);
    }
    return receipt;
  }

  /**
   * Adds a proof for the file that this wallet signed as a node signs it (lazai-protocol §8): the
   * EIP-191 signature of keccak256 of the ABI-encoded {@code ProofData} tuple.
   */
  public TransactionReceipt addProof(BigInteger fileId, String url, int score) throws Exception {
    var data = new DataRegistry.ProofData(fileId, BigInteger.valueOf(score), url, "");
    byte[] hash =
        Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(data))));
    byte[] signature = Numeric.hexStringToByteArray(wallet.signPersonalMessage(hash));
    return ok(
        registry.addProof(fileId, new DataRegistry.Proof(signature, data)).send(), "addProof");
  }

  /** The index of the proof that {@link #addProof}'s receipt added. */
  public static BigInteger proofIndex(TransactionReceipt addProof) {
    return DataRegistry.getProofAddedEvents(addProof).get(0).proofIndex;
  }

  /** Claims the file's reward with its proof {@code proofIndex}, which mints the DAT. */
  public TransactionReceipt requestReward(BigInteger fileId, BigInteger proofIndex)
      throws Exception {
    return ok(registry.requestReward(fileId, proofIndex).send(), "requestReward");
  }

  /** As the maintainer: registers (or registers again) a node at the end of the active list. */
  public void addNode(String node, String url, String publicKeyPem) throws Exception {
    ok(vc.addNode(node, url, publicKeyPem).send(), "addNode");
  }

  /** As the maintainer. */
  public void removeNode(String node) throws Exception {
    ok(vc.removeNode(node).send(), "removeNode");
  }

  /** As the maintainer. */
  public void updateNodeFee(BigInteger fee) throws Exception {
    ok(vc.updateNodeFee(fee).send(), "updateNodeFee");
  }

  /** As the maintainer: the DataRegistry's {@code updatePublicKey}. */
  public void updateRegistryPublicKey(String pem) throws Exception {
    ok(registry.updatePublicKey(pem).send(), "updatePublicKey");
  }

  /** The DataRegistry's {@code getFilePermission(fileId, account)}. */
  public String filePermission(BigInteger fileId, String account) throws Exception {
    return registry.getFilePermission(fileId, account).send();
  }

  private static TransactionReceipt ok(TransactionReceipt receipt, String call) {
    if (!receipt.isStatusOK()) {
      throw new AssertionError(call + " reverted: " + receipt);
    }
    return receipt;
  }
}
