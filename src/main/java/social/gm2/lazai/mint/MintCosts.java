package social.gm2.lazai.mint;

import java.math.BigInteger;
import java.util.List;
import social.gm2.lazai.chain.TransactionCosts;

/**
 * What a mint's DAT has cost the service, in wei, from the receipts of the transactions it sent for
 * the mint (registration, proof requests, reward, transfer, file permission): {@code gasWei} is the
 * sum of {@code gasUsed × effectiveGasPrice} over all of them, reverted ones included; {@code
 * nodeFeesWei} is the value the successful ones paid, which is the verified-computing node's fee of
 * each proof request.
 *
 * @param transactions how many confirmed transactions were counted
 */
public record MintCosts(BigInteger gasWei, BigInteger nodeFeesWei, int transactions) {

  /** Gas and node fees together. */
  public BigInteger totalWei() {
    return gasWei.add(nodeFeesWei);
  }

  /**
   * The costs of {@code confirmed}, the mint's confirmed transactions; null if any of them was
   * confirmed before the service recorded costs (the sum would be short). No transactions yet:
   * nothing spent.
   */
  static MintCosts of(List<TransactionCosts.Confirmed> confirmed) {
    BigInteger gas = BigInteger.ZERO;
    BigInteger fees = BigInteger.ZERO;
    for (TransactionCosts.Confirmed tx : confirmed) {
      if (!tx.recorded()) {
        return null;
      }
      gas = gas.add(tx.gasUsed().multiply(tx.effectiveGasPrice()));
      if (tx.succeeded()) {
        fees = fees.add(tx.valueWei());
      }
    }
    return new MintCosts(gas, fees, confirmed.size());
  }
}
