package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.chain.TransactionCosts.Confirmed;

/** A mint's costs from its confirmed transactions: gas of all, node fees of the successful. */
class MintCostsTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);

  @Test
  void gasIsGasUsedTimesTheEffectivePriceOfEveryTransactionAndFeesTheValueOfTheSuccessfulOnes() {
    MintCosts costs =
        MintCosts.of(
            List.of(
                tx("mint 0xa1 addFile", true, 120_000, GWEI, 0),
                tx("mint 0xa1 requestProof", true, 90_000, GWEI.multiply(big(2)), 100),
                // reverted: pays its gas, its value came back
                tx("mint 0xa1 requestReward", false, 30_000, GWEI, 7),
                tx("mint 0xa1 requestReward#2", true, 60_000, GWEI.add(BigInteger.ONE), 0)));

    BigInteger gas =
        big(120_000)
            .multiply(GWEI)
            .add(big(90_000).multiply(GWEI).multiply(big(2)))
            .add(big(30_000).multiply(GWEI))
            .add(big(60_000).multiply(GWEI.add(BigInteger.ONE)));
    assertThat(costs.gasWei()).isEqualTo(gas);
    assertThat(costs.nodeFeesWei()).isEqualTo(big(100));
    assertThat(costs.totalWei()).isEqualTo(gas.add(big(100)));
    assertThat(costs.transactions()).isEqualTo(4);
  }

  @Test
  void amountsBeyondALongStayExact() {
    BigInteger price = BigInteger.TWO.pow(70);
    BigInteger fee = BigInteger.TWO.pow(80).add(BigInteger.ONE);
    MintCosts costs = MintCosts.of(List.of(tx("mint 0xa1 requestProof", true, 3, price, fee)));

    assertThat(costs.gasWei()).isEqualTo(price.multiply(big(3)));
    assertThat(costs.nodeFeesWei()).isEqualTo(fee);
    assertThat(costs.totalWei().toString()).isEqualTo(price.multiply(big(3)).add(fee).toString());
  }

  @Test
  void noConfirmedTransactionYetCostsNothing() {
    MintCosts costs = MintCosts.of(List.of());
    assertThat(costs.gasWei()).isZero();
    assertThat(costs.nodeFeesWei()).isZero();
    assertThat(costs.totalWei()).isZero();
    assertThat(costs.transactions()).isZero();
  }

  @Test
  void aTransactionConfirmedBeforeCostsWereRecordedMakesTheSumUnknown() {
    assertThat(
            MintCosts.of(
                List.of(
                    tx("mint 0xa1 addFile", true, 120_000, GWEI, 0),
                    new Confirmed("mint 0xa1 requestProof", true, null, null, big(100)))))
        .isNull();
  }

  private static Confirmed tx(
      String key, boolean succeeded, long gasUsed, BigInteger price, long value) {
    return tx(key, succeeded, gasUsed, price, big(value));
  }

  private static Confirmed tx(
      String key, boolean succeeded, long gasUsed, BigInteger price, BigInteger value) {
    return new Confirmed(key, succeeded, big(gasUsed), price, value);
  }

  private static BigInteger big(long value) {
    return BigInteger.valueOf(value);
  }
}
