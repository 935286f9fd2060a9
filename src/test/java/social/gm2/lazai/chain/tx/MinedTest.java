package social.gm2.lazai.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** What the sender records of a receipt: its gas used and the price actually paid per gas. */
class MinedTest {
  private static final String FIRST = "0x" + "aa".repeat(32);
  private static final String BUMPED = "0x" + "bb".repeat(32);
  private static final StoredTx TX =
      new StoredTx(
          1,
          "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
          0,
          new TxIntent("k", "p", "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0", null, null),
          BigInteger.valueOf(100_000),
          StoredTx.State.PENDING,
          null,
          List.of(
              new StoredTx.Attempt(FIRST, "0x01", BigInteger.valueOf(1_000), Instant.EPOCH),
              new StoredTx.Attempt(BUMPED, "0x02", BigInteger.valueOf(1_126), Instant.EPOCH)));

  @Test
  void theReceiptsEffectiveGasPriceIsWhatWasPaid() {
    Mined mined = Mined.of(receipt(BUMPED, "0x5208", "0x3b9aca07"), TX);

    assertThat(mined.hash()).isEqualTo(BUMPED);
    assertThat(mined.block()).isEqualTo(42);
    assertThat(mined.gasUsed()).isEqualTo(BigInteger.valueOf(21_000));
    assertThat(mined.effectiveGasPrice()).isEqualTo(BigInteger.valueOf(1_000_000_007));
  }

  @Test
  void withoutAnEffectiveGasPriceTheMinedAttemptPaidItsOwnPrice() {
    Mined mined = Mined.of(receipt(BUMPED, "0x5208", null), TX);

    assertThat(mined.effectiveGasPrice()).isEqualTo(BigInteger.valueOf(1_126));
    assertThat(Mined.of(receipt(FIRST, "0x5208", null), TX).effectiveGasPrice())
        .isEqualTo(BigInteger.valueOf(1_000));
  }

  private static TransactionReceipt receipt(String hash, String gasUsed, String effective) {
    TransactionReceipt receipt = new TransactionReceipt();
    receipt.setTransactionHash(hash);
    receipt.setBlockNumber("0x2a");
    receipt.setGasUsed(gasUsed);
    receipt.setEffectiveGasPrice(effective);
    receipt.setStatus("0x1");
    return receipt;
  }
}
