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

    store.finish(id, StoredTx.State.MINED, attempt.hash(), 7L);
    assertThat(store.byKey("mint 0xaa addFile").orElseThrow().state())
        .isEqualTo(StoredTx.State.MINED);
    assertThat(store.pending(WALLET)).isEmpty();
  }
}
