package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import social.gm2.lazai.support.H2Database;

/**
 * The charts' numbers from the quickstart's H2 database (the same migrations and SQL as MariaDB):
 * rewards per minute, step durations between consecutive transitions, the states; and what the
 * transaction view finds.
 */
class MintStatsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:30Z");
  private static final Instant HOUR_START = Instant.parse("2026-01-01T11:01:00Z");

  @TempDir Path dir;
  private H2Database db;
  private MintStats stats;
  private int tokens;

  @BeforeEach
  void open() {
    db = H2Database.migrated(dir);
    stats =
        new MintStats(
            db.jdbc(),
            new DataSourceTransactionManager(db.dataSource()),
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void theLastHourCountsRewardsPerMinuteAndTimesEachForwardStep() {
    Instant a = Instant.parse("2026-01-01T11:10:00Z");
    long full = mint("ATTESTED");
    Instant t =
        path(
            full,
            a,
            new String[] {
              null,
              "ACCEPTED",
              "ENCRYPTED",
              "UPLOADED",
              "REGISTERED",
              "PROOF_REQUESTED",
              "PROOF_SUBMITTED",
              "REWARDED",
              "ATTESTED"
            },
            0,
            100,
            1000,
            2000,
            3000,
            10_000,
            5000,
            20_000);
    assertThat(t).isEqualTo(a.plusMillis(41_100));

    // Begun before the hour: only the steps ending inside it count, timed from the step before.
    long late = mint("REWARDED");
    path(
        late,
        Instant.parse("2026-01-01T11:59:30Z"),
        new String[] {null, "PROOF_REQUESTED", "PROOF_SUBMITTED", "REWARDED"},
        -3_600_000,
        3_600_000 + 10_000,
        10_000);
    // Imported: REWARDED from nothing is no mint of ours.
    path(
        mint("REWARDED"),
        Instant.parse("2026-01-01T11:20:00Z"),
        new String[] {null, "REWARDED"},
        0);
    // Failed at UPLOADED and retried: the retry is no step; the next step is timed from it.
    path(
        mint("REGISTERED"),
        Instant.parse("2026-01-01T11:40:00Z"),
        new String[] {null, "ACCEPTED", "FAILED", "UPLOADED", "REGISTERED"},
        0,
        1000,
        60_000,
        7000);
    // Rewarded before the hour; an attestation revoked inside it is no step either.
    long revoked = mint("REWARDED");
    path(
        revoked,
        Instant.parse("2026-01-01T10:59:00Z"),
        new String[] {"PROOF_SUBMITTED", "REWARDED", "ATTESTED", "REWARDED"},
        0,
        30_000,
        2_430_000);
    mint("FAILED");

    MintStats.Hour hour = stats.lastHour();

    assertThat(hour.from()).isEqualTo(HOUR_START);
    assertThat(hour.minted()).hasSize(60);
    List<Integer> expected = new ArrayList<>(Collections.nCopies(60, 0));
    expected.set(9, 1); // 11:10:21.1
    expected.set(58, 1); // 11:59:50
    assertThat(hour.minted()).isEqualTo(expected);
    assertThat(hour.steps().get(MintState.ENCRYPTED)).containsExactly(Duration.ofMillis(100));
    assertThat(hour.steps().get(MintState.UPLOADED)).containsExactly(Duration.ofMillis(1000));
    assertThat(hour.steps().get(MintState.REGISTERED))
        .containsExactlyInAnyOrder(Duration.ofMillis(2000), Duration.ofMillis(7000));
    assertThat(hour.steps().get(MintState.PROOF_SUBMITTED))
        .containsExactlyInAnyOrder(Duration.ofMillis(10_000), Duration.ofMillis(3_610_000));
    assertThat(hour.steps().get(MintState.REWARDED))
        .containsExactlyInAnyOrder(Duration.ofMillis(5000), Duration.ofMillis(10_000));
    assertThat(hour.steps().get(MintState.ATTESTED))
        .as("the attestation lag; the revoked one was attested before the hour")
        .containsExactly(Duration.ofMillis(20_000));
    assertThat(hour.steps()).doesNotContainKeys(MintState.FAILED, MintState.ACCEPTED);
    assertThat(hour.sampled()).isFalse();
    assertThat(hour.states())
        .containsEntry(MintState.ATTESTED, 1L)
        .containsEntry(MintState.REWARDED, 3L)
        .containsEntry(MintState.REGISTERED, 1L)
        .containsEntry(MintState.FAILED, 1L)
        .containsEntry(MintState.ACCEPTED, 0L)
        .hasSize(MintState.values().length);
  }

  @Test
  void anEmptyHourHasSixtyZeroMinutesAndNoSteps() {
    MintStats.Hour hour = stats.lastHour();
    assertThat(hour.minted()).hasSize(60).containsOnly(0);
    assertThat(hour.steps()).isEmpty();
    assertThat(hour.states().values()).containsOnly(0L);
  }

  @Test
  void stepDurationsAreReusedForTenSecondsWhileCountsAreAlwaysFresh() {
    var clock = new social.gm2.lazai.support.MovableClock();
    var cached = new MintStats(db.jdbc(), new DataSourceTransactionManager(db.dataSource()), clock);
    Instant start = clock.instant().minusSeconds(60);
    path(mint("ENCRYPTED"), start, new String[] {null, "ACCEPTED", "ENCRYPTED"}, 0, 100);
    assertThat(cached.lastHour().steps().get(MintState.ENCRYPTED)).hasSize(1);

    path(mint("ENCRYPTED"), start, new String[] {null, "ACCEPTED", "ENCRYPTED"}, 0, 200);
    clock.advance(Duration.ofSeconds(9));
    MintStats.Hour soon = cached.lastHour();
    assertThat(soon.steps().get(MintState.ENCRYPTED)).hasSize(1);
    assertThat(soon.states()).containsEntry(MintState.ENCRYPTED, 2L);
    clock.advance(Duration.ofSeconds(1));
    assertThat(cached.lastHour().steps().get(MintState.ENCRYPTED))
        .containsExactlyInAnyOrder(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void onlyTheNextStateIsAStep() {
    assertThat(MintStats.isStep(MintState.ACCEPTED, MintState.ENCRYPTED)).isTrue();
    assertThat(MintStats.isStep(MintState.REWARDED, MintState.ATTESTED)).isTrue();
    assertThat(MintStats.isStep(MintState.ATTESTED, MintState.FAILED)).isFalse();
    assertThat(MintStats.isStep(MintState.PROOF_REQUESTED, MintState.PROOF_REQUESTED)).isFalse();
    assertThat(MintStats.isStep(MintState.FAILED, MintState.UPLOADED)).isFalse();
    assertThat(MintStats.isStep(MintState.ATTESTED, MintState.REWARDED)).isFalse();
  }

  @Test
  void theTransactionViewFindsASentTransactionByAnyAttemptAndTheMintsNamingIt() {
    var queries =
        new TransactionQueries(db.jdbc(), new DataSourceTransactionManager(db.dataSource()));
    String first = hash('1');
    String bumped = hash('2');
    String attestation = hash('3');
    db.jdbc()
        .update(
            "INSERT INTO chain_tx (wallet, nonce, purpose, to_address, value_wei, data, gas_limit,"
                + " state, mined_hash, block_number) VALUES ('0xabc', 7, 'mint 0x1 addFile',"
                + " '0xdef', 0, '0x0102030405', 90000, 'MINED', ?, 42)",
            bumped);
    long tx = db.jdbc().queryForObject("SELECT id FROM chain_tx", Long.class);
    for (String h : new String[] {first, bumped}) {
      db.jdbc()
          .update(
              "INSERT INTO chain_tx_attempt (tx_id, hash, raw, gas_price, sent_at)"
                  + " VALUES (?, ?, '0xsigned', ?, ?)",
              tx,
              h,
              h.equals(first) ? 100 : 200,
              Timestamp.from(NOW));
    }
    long id = mint("ATTESTED");
    db.jdbc()
        .update(
            "UPDATE mint SET register_tx_hash = ?, attestation_tx_hash = ?,"
                + " attestation_block_number = 50 WHERE id = ?",
            bumped,
            attestation,
            id);

    TransactionQueries.Transaction byFirst = queries.find(first).orElseThrow();
    assertThat(byFirst.sent().orElseThrow().attempts())
        .extracting(TransactionQueries.Attempt::hash)
        .containsExactly(first, bumped);
    assertThat(byFirst.uses()).isEmpty();
    TransactionQueries.Transaction mined = queries.find(bumped).orElseThrow();
    TransactionQueries.Sent sent = mined.sent().orElseThrow();
    assertThat(sent.nonce()).isEqualTo(7);
    assertThat(sent.dataBytes()).isEqualTo(5);
    assertThat(sent.blockNumber()).isEqualTo(42L);
    assertThat(sent.state()).isEqualTo("MINED");
    assertThat(mined.uses()).extracting(TransactionQueries.Use::role).containsExactly("register");
    TransactionQueries.Transaction node = queries.find(attestation).orElseThrow();
    assertThat(node.sent()).isEmpty();
    assertThat(node.uses())
        .containsExactly(
            new TransactionQueries.Use(token(id), "attestation", MintState.ATTESTED, 50L));
    assertThat(queries.find(hash('9'))).isEmpty();
  }

  private long mint(String state) {
    String token = String.format("0x%040x", ++tokens);
    db.jdbc()
        .update(
            "INSERT INTO mint (token_address, file_name, state) VALUES (?, 'f.txt', ?)",
            token,
            state);
    return db.jdbc()
        .queryForObject("SELECT id FROM mint WHERE token_address = ?", Long.class, token);
  }

  private String token(long id) {
    return db.jdbc()
        .queryForObject("SELECT token_address FROM mint WHERE id = ?", String.class, id);
  }

  /**
   * Transitions through {@code states} (pairs), the i-th {@code gaps[i]} ms after the one before.
   */
  private Instant path(long mint, Instant start, String[] states, long... gaps) {
    Instant at = start;
    for (int i = 1; i < states.length; i++) {
      at = at.plusMillis(gaps[i - 1]);
      db.jdbc()
          .update(
              "INSERT INTO mint_transition (mint_id, from_state, to_state, occurred_at)"
                  + " VALUES (?, ?, ?, ?)",
              mint,
              states[i - 1],
              states[i],
              Timestamp.from(at));
    }
    return at;
  }

  private static String hash(char c) {
    return "0x" + String.valueOf(c).repeat(64);
  }
}
