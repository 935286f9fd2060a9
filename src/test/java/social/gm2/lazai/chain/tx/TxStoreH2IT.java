package social.gm2.lazai.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.gm2.lazai.support.H2Database;

/**
 * The transaction store on the quickstart's H2 (MySQL mode): the nonce row taken under {@code FOR
 * UPDATE}, {@code INSERT IGNORE} of the wallet and of a repeated attempt, and completion.
 */
class TxStoreH2IT {
  private static final String WALLET = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
  private static final String TO = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";

  @TempDir Path dir;
  private H2Database db;
  private TxStore store;

  @BeforeEach
  void open() {
    db = H2Database.migrated(dir);
    store = new TxStore(db.jdbc());
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void noncesAreHandedOutUnderTheRowLockAndAttemptsAreKeptOnce() {
    store.ensureWallet(WALLET, 5);
    store.ensureWallet(WALLET, 9); // ignored: the row exists
    long first = db.tx().execute(s -> store.allocateNonce(WALLET, 0));
    long second = db.tx().execute(s -> store.allocateNonce(WALLET, 0));
    long jumped = db.tx().execute(s -> store.allocateNonce(WALLET, 20));
    assertThat(new long[] {first, second, jumped}).containsExactly(5, 6, 20);

    var intent = new TxIntent("mint 0xaa addFile", "addFile", TO, BigInteger.ZERO, "0x1234");
    long id = store.insert(WALLET, first, intent, BigInteger.valueOf(21_000));
    var attempt =
        new StoredTx.Attempt(
            "0x" + "cd".repeat(32),
            "0xf86c",
            BigInteger.TEN.pow(9),
            Instant.now().truncatedTo(ChronoUnit.MILLIS));
    store.addAttempt(id, attempt);
    store.addAttempt(id, attempt); // ignored: same hash
    assertThat(store.pending(WALLET))
        .singleElement()
        .satisfies(tx -> assertThat(tx.attempts()).hasSize(1));

    store.finish(
        id,
        StoredTx.State.MINED,
        new Mined(attempt.hash(), 7L, BigInteger.valueOf(20_500), BigInteger.TEN.pow(9)));
    assertThat(store.byKey("mint 0xaa addFile").orElseThrow().state())
        .isEqualTo(StoredTx.State.MINED);
    assertThat(store.pending(WALLET)).isEmpty();
  }

  /**
   * The receipt's gas is kept with the row, and the costs of a key prefix's confirmed transactions
   * are read back: pending ones and other prefixes left out, a prefix's LIKE wildcards literal.
   */
  @Test
  void receiptCostsAreRecordedAndReadBackByKeyPrefix() {
    store.ensureWallet(WALLET, 0);
    BigInteger price = new BigInteger("123456789012345678901"); // beyond a long
    long register = sent("mint 0xa1 addFile", BigInteger.ZERO);
    long proof = sent("mint 0xa1 requestProof", BigInteger.valueOf(100));
    long reward = sent("mint 0xa1 requestReward", BigInteger.valueOf(3));
    sent("mint 0xa1 transferDat", BigInteger.ZERO); // still pending
    long other = sent("mint 0xa2 addFile", BigInteger.ZERO);
    long wildcard = sent("mint 0xa_ addFile", BigInteger.ZERO);
    store.finish(register, StoredTx.State.MINED, mined(register, 50_000, price));
    store.finish(proof, StoredTx.State.MINED, mined(proof, 90_000, price));
    store.finish(reward, StoredTx.State.REVERTED, mined(reward, 30_000, BigInteger.TWO));
    store.finish(other, StoredTx.State.MINED, mined(other, 1, BigInteger.ONE));
    store.finish(wildcard, StoredTx.State.MINED, mined(wildcard, 1, BigInteger.ONE));

    var costs = new TxCostQueries(db.jdbc()).confirmed(java.util.List.of("mint 0xa1 "));

    assertThat(costs)
        .extracting(c -> c.intentKey(), c -> c.succeeded(), c -> c.gasUsed(), c -> c.valueWei())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "mint 0xa1 addFile", true, BigInteger.valueOf(50_000), BigInteger.ZERO),
            org.assertj.core.groups.Tuple.tuple(
                "mint 0xa1 requestProof",
                true,
                BigInteger.valueOf(90_000),
                BigInteger.valueOf(100)),
            org.assertj.core.groups.Tuple.tuple(
                "mint 0xa1 requestReward",
                false,
                BigInteger.valueOf(30_000),
                BigInteger.valueOf(3)));
    assertThat(costs)
        .extracting(c -> c.effectiveGasPrice())
        .containsExactly(price, price, BigInteger.TWO);
    assertThat(new TxCostQueries(db.jdbc()).confirmed(java.util.List.of("mint 0xa_ ")))
        .extracting(c -> c.intentKey())
        .containsExactly("mint 0xa_ addFile");
  }

  private long sent(String key, BigInteger value) {
    long nonce = db.tx().execute(s -> store.allocateNonce(WALLET, 0));
    long id =
        store.insert(
            WALLET, nonce, new TxIntent(key, key, TO, value, "0x"), BigInteger.valueOf(21_000));
    store.addAttempt(
        id,
        new StoredTx.Attempt(
            String.format("0x%064x", id),
            "0xf86c",
            BigInteger.ONE,
            Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    return id;
  }

  private static Mined mined(long id, long gasUsed, BigInteger price) {
    return new Mined(String.format("0x%064x", id), id, BigInteger.valueOf(gasUsed), price);
  }
}
