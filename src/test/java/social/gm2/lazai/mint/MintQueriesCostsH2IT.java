package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.gm2.lazai.chain.tx.TxCostQueries;
import social.gm2.lazai.support.H2Database;

/**
 * The costs the read side gives each mint, from the transaction outbox on the quickstart's H2: a
 * mint's own confirmed transactions only, none yet is nothing spent, and unknown (null) for an
 * imported mint and for one with a transaction confirmed before costs were recorded.
 */
class MintQueriesCostsH2IT {
  private static final String SENT = "0x00000000000000000000000000000000000000c1";
  private static final String IMPORTED = "0x00000000000000000000000000000000000000c2";
  private static final String BEFORE = "0x00000000000000000000000000000000000000c3";
  private static final String FRESH = "0x00000000000000000000000000000000000000c4";
  private static final String WALLET = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

  @TempDir Path dir;
  private H2Database db;
  private MintQueries queries;
  private long nonce;

  @BeforeEach
  void open() {
    db = H2Database.migrated(dir);
    queries =
        new MintQueries(
            db.jdbc(),
            new TxCostQueries(db.jdbc()),
            db.tx().getTransactionManager(),
            Duration.ofHours(1),
            Clock.systemUTC());
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void eachMintCostsWhatItsOwnRecordedTransactionsPaid() {
    mint(SENT, null);
    mint(IMPORTED, Instant.now());
    mint(BEFORE, null);
    mint(FRESH, null);
    tx(SENT, "addFile", "MINED", 50_000L, 7, 0);
    tx(SENT, "requestProof", "MINED", 90_000L, 7, 100);
    tx(SENT, "requestReward", "REVERTED", 30_000L, 9, 5); // gas paid, value not
    tx(SENT, "transferDat", "PENDING", null, 0, 0); // not confirmed yet
    tx(IMPORTED, "addPermissionForFile", "MINED", 40_000L, 7, 0);
    tx(BEFORE, "addFile", "MINED", 50_000L, 7, 0);
    tx(BEFORE, "requestProof", "MINED", null, 0, 100); // mined before V200

    MintCosts sent = queries.find(SENT).orElseThrow().costs();
    assertThat(sent.gasWei()).isEqualTo(BigInteger.valueOf(50_000 * 7 + 90_000 * 7 + 30_000 * 9));
    assertThat(sent.nodeFeesWei()).isEqualTo(BigInteger.valueOf(100));
    assertThat(sent.transactions()).isEqualTo(3);
    assertThat(queries.find(IMPORTED).orElseThrow().costs()).isNull();
    assertThat(queries.find(BEFORE).orElseThrow().costs()).isNull();
    MintCosts fresh = queries.find(FRESH).orElseThrow().costs();
    assertThat(fresh.totalWei()).isZero();
    assertThat(fresh.transactions()).isZero();

    Map<String, MintCosts> listed =
        queries.page(null, 0, 10).mints().stream()
            .filter(r -> r.costs() != null)
            .collect(Collectors.toMap(r -> r.mint().tokenAddress(), MintQueries.MintRecord::costs));
    assertThat(listed).containsOnlyKeys(SENT, FRESH).containsEntry(SENT, sent);
  }

  private void mint(String token, Instant importedAt) {
    db.jdbc()
        .update(
            "INSERT INTO mint (token_address, file_name, state, next_attempt_at, imported_at)"
                + " VALUES (?, 'f.txt', 'REGISTERED', ?, ?)",
            token,
            Timestamp.from(Instant.now()),
            importedAt == null ? null : Timestamp.from(importedAt));
  }

  private void tx(String token, String write, String state, Long gasUsed, long price, long value) {
    db.jdbc()
        .update(
            "INSERT INTO chain_tx (wallet, nonce, intent_key, purpose, to_address, value_wei, data,"
                + " gas_limit, state, gas_used, effective_gas_price)"
                + " VALUES (?, ?, ?, ?, ?, ?, '0x', 100000, ?, ?, ?)",
            WALLET,
            nonce++,
            "mint " + token + " " + write,
            write,
            WALLET,
            value,
            state,
            gasUsed,
            gasUsed == null ? null : price);
  }
}
