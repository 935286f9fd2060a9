package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.util.Collection;
import java.util.List;

/**
 * What the service's own transactions cost, as the sender recorded each one's receipt when it saw
 * it mined. Transactions are found by their intent key ({@code "mint 0xabc… addFile"}), so a caller
 * asks for all the writes of one thing by the prefix of their keys.
 */
public interface TransactionCosts {

  /**
   * The confirmed (mined or reverted) transactions whose intent key starts with one of {@code
   * keyPrefixes}; pending and dropped ones are left out: they cost nothing.
   */
  List<Confirmed> confirmed(Collection<String> keyPrefixes);

  /**
   * One confirmed transaction.
   *
   * @param intentKey its intent key
   * @param succeeded mined with status 1; a reverted transaction pays its gas but not its value
   * @param gasUsed from its receipt; null if it was confirmed before costs were recorded
   * @param effectiveGasPrice wei per gas, from its receipt; null as {@code gasUsed}
   * @param valueWei the value it sent, in wei
   */
  record Confirmed(
      String intentKey,
      boolean succeeded,
      BigInteger gasUsed,
      BigInteger effectiveGasPrice,
      BigInteger valueWei) {

    /** Whether its receipt's costs were recorded. */
    public boolean recorded() {
      return gasUsed != null && effectiveGasPrice != null;
    }
  }
}
