package social.gm2.lazai.chain.tx;

import java.math.BigInteger;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * What a stored transaction's receipt says, as the sender records it: the attempt that was mined,
 * its block, and what it cost in gas ({@code gasUsed × effectiveGasPrice} wei).
 */
record Mined(String hash, long block, BigInteger gasUsed, BigInteger effectiveGasPrice) {

  /**
   * The receipt of one of {@code tx}'s attempts. A node that leaves {@code effectiveGasPrice} out
   * of its receipts (pre-London) charged a legacy transaction its own gas price: the mined
   * attempt's.
   */
  static Mined of(TransactionReceipt receipt, StoredTx tx) {
    String hash = receipt.getTransactionHash();
    String effective = receipt.getEffectiveGasPrice();
    BigInteger price =
        effective != null && !effective.isEmpty()
            ? Numeric.decodeQuantity(effective)
            : tx.attempts().stream()
                .filter(a -> a.hash().equalsIgnoreCase(hash))
                .map(StoredTx.Attempt::gasPrice)
                .findFirst()
                .orElse(null);
    return new Mined(
        hash,
        receipt.getBlockNumber().longValueExact(),
        receipt.getGasUsedRaw() == null ? null : receipt.getGasUsed(),
        price);
  }
}
