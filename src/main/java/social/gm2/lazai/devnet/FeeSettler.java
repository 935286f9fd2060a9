package social.gm2.lazai.devnet;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import social.gm2.lazai.chain.web3j.contracts.AIProcess;
import social.gm2.lazai.crypto.PersonalMessage;
import social.gm2.lazai.crypto.Wallet;

/**
 * The reference's {@code TokenBillingMiddleware} (lazai-protocol §9): for a completion of {@code
 * total_tokens}, the node charges {@code total_tokens × pricePerToken} wei with {@code
 * Inference.settlementFees(Settlement{signature, SettlementData{id, user, cost, nonce,
 * userSignature}})}, sent from the node's wallet and awaited to its receipt before the client gets
 * the answer. {@code signature} is the node's EIP-191 signature of {@code
 * keccak256(abi.encode(SettlementData))} (as alith's client makes it; the contract does not check
 * it).
 */
final class FeeSettler {
  private final AIProcess inference;
  private final NodeSender sender;
  private final Wallet nodeWallet;
  private final BigInteger pricePerToken;

  /**
   * @param inference bound read-only: used to encode the call
   */
  FeeSettler(AIProcess inference, NodeSender sender, Wallet nodeWallet, BigInteger pricePerToken) {
    this.inference = inference;
    this.sender = sender;
    this.nodeWallet = nodeWallet;
    this.pricePerToken = pricePerToken;
  }

  BigInteger cost(long totalTokens) {
    return BigInteger.valueOf(totalTokens).multiply(pricePerToken);
  }

  /**
   * Settles the fee of one answered request.
   *
   * @throws RuntimeException (a chain exception) if the transaction cannot be sent or reverts
   */
  TransactionReceipt settle(HeaderValidator.Caller caller, String responseId, long totalTokens)
      throws InterruptedException {
    BigInteger cost = cost(totalTokens);
    var data =
        new AIProcess.SettlementData(
            responseId, caller.user(), cost, caller.nonce(), caller.signatureBytes());
    byte[] encoded = HexFormat.of().parseHex(FunctionEncoder.encodeConstructor(List.of(data)));
    String signature = nodeWallet.signPersonalMessage(PersonalMessage.keccak256(encoded));
    byte[] signatureBytes = HexFormat.of().parseHex(signature.substring(2));
    var settlement = new AIProcess.Settlement(signatureBytes, data);
    return sender.send(
        "settlementFees(" + responseId + ", " + caller.user() + ", " + cost + " wei)",
        inference.getContractAddress(),
        inference.settlementFees(settlement).encodeFunctionCall());
  }
}
