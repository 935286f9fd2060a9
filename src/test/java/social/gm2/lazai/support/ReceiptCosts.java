package social.gm2.lazai.support;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Collection;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * What transactions cost as the chain itself reports it, the oracle for the costs the service
 * records: {@code eth_getTransactionReceipt}'s {@code gasUsed × effectiveGasPrice} of each, and
 * {@code eth_getTransactionByHash}'s value of each that succeeded.
 */
public record ReceiptCosts(BigInteger gasWei, BigInteger valueWei, int transactions) {

  public static ReceiptCosts of(Web3j web3, Collection<String> hashes) throws IOException {
    BigInteger gas = BigInteger.ZERO;
    BigInteger value = BigInteger.ZERO;
    for (String hash : hashes) {
      TransactionReceipt receipt =
          web3.ethGetTransactionReceipt(hash)
              .send()
              .getTransactionReceipt()
              .orElseThrow(() -> new AssertionError("no receipt for " + hash));
      gas =
          gas.add(
              receipt
                  .getGasUsed()
                  .multiply(Numeric.decodeQuantity(receipt.getEffectiveGasPrice())));
      if (receipt.isStatusOK()) {
        value =
            value.add(
                web3.ethGetTransactionByHash(hash)
                    .send()
                    .getTransaction()
                    .orElseThrow()
                    .getValue());
      }
    }
    return new ReceiptCosts(gas, value, hashes.size());
  }
}
