package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.gm2.lazai.support.H2Database;

/**
 * The mint rows on the quickstart's H2 (MySQL mode) with the same migrations: create, move under
 * the optimistic lock, lease, sweep, fail and retry, and the original's rows following the moves.
 */
class MintStoreH2IT {
  private static final String TOKEN = "0x00000000000000000000000000000000000000aa";
  private static final String HASH = "0x" + "ab".repeat(32);

  @TempDir Path dir;
  private H2Database db;
  private MintStore mints;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @BeforeEach
  void open() {
    db = H2Database.migrated(dir);
    mints = new MintStore(db.jdbc(), db.tx(), Clock.systemUTC(), false, event -> {});
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void theOriginalsRowsAreAdoptedOnceAndLeftAsTheyAre() {
    db.jdbc()
        .update(
            "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId, transactionHash, blockNumber)"
                + " VALUES (?, 5, 6, ?, 40)",
            TOKEN.toUpperCase().replace("0X", "0x"),
            HASH);
    db.jdbc()
        .update(
            "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId, transactionHash, blockNumber,"
                + " attestator, attestatorHash, attestatorBlockNumber)"
                + " VALUES ('0x00000000000000000000000000000000000000bb', 7, 8, ?, 50, ?, ?, 49)",
            HASH,
            MintBuilder.NODE,
            HASH);
    db.jdbc()
        .update(
            "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId) VALUES ('not an address', 1, 1)");
    var before = db.jdbc().queryForList("SELECT * FROM LazAIMintDAT ORDER BY id");
    LegacyMints legacy = new LegacyMints(db.jdbc(), mints);

    assertThat(legacy.importAll()).isEqualTo(2);
    assertThat(legacy.importAll()).isZero();
    Mint rewarded = legacy.importToken(TOKEN).orElseThrow();
    assertThat(rewarded.state()).isEqualTo(MintState.REWARDED);
    assertThat(rewarded.imported()).isTrue();
    assertThat(rewarded.fileId()).isEqualTo(BigInteger.valueOf(5));
    assertThat(rewarded.jobId()).isEqualTo(BigInteger.valueOf(6));
    assertThat(rewarded.rewardBlockNumber()).isEqualTo(40L);
    assertThat(mints.transitions(rewarded.id())).containsExactly(MintState.REWARDED);
    Mint attested = mints.find("0x00000000000000000000000000000000000000bb").orElseThrow();
    assertThat(attested.state()).isEqualTo(MintState.ATTESTED);
    assertThat(attested.attestationTxHash()).isEqualTo(HASH);
    assertThat(attested.attestationBlockNumber()).isEqualTo(49L);
    assertThat(legacy.importToken("0x00000000000000000000000000000000000000cc")).isEmpty();
    assertThat(db.jdbc().queryForList("SELECT * FROM LazAIMintDAT ORDER BY id")).isEqualTo(before);
    assertThat(mints.oldestRewardedBlock()).contains(40L);
  }

  @Test
  void aMintMovesThroughItsStatesAndTheLegacyRowsFollow() {
    Mint m = mints.create(newMint(TOKEN));
    assertThat(mints.ciphertext(m.id())).containsExactly(1, 2, 3);
    m = mints.uploaded(m, "bafy", "http://127.0.0.1/ipfs/bafy");
    m = mints.registered(m, BigInteger.ONE, HASH);
    m = mints.proofRequested(m, BigInteger.TWO, TOKEN, HASH, "job 2");
    m = mints.proofSubmitted(m, BigInteger.ONE);
    m = mints.rewarded(m, BigInteger.TEN, new BigInteger("1" + "0".repeat(40)), HASH, 12);

    assertThat(m.state()).isEqualTo(MintState.REWARDED);
    assertThat(m.datAmount()).isEqualTo(new BigInteger("1" + "0".repeat(40)));
    assertThat(mints.find(TOKEN.toUpperCase().replace("0X", "0x"))).isPresent();
    assertThat(mints.transitions(m.id()))
        .containsExactly(
            MintState.ACCEPTED,
            MintState.ENCRYPTED,
            MintState.UPLOADED,
            MintState.REGISTERED,
            MintState.PROOF_REQUESTED,
            MintState.PROOF_SUBMITTED,
            MintState.REWARDED);
    assertThat(
            db.jdbc()
                .queryForMap(
                    "SELECT fileId, jobId, transactionHash, blockNumber FROM LazAIMintDAT"
                        + " WHERE tokenAddress = ?",
                    TOKEN))
        .as("the original's row, written once the DAT is minted")
        .containsEntry("transactionHash", HASH)
        .satisfies(row -> assertThat(row.get("jobId").toString()).isEqualTo("2"))
        .satisfies(row -> assertThat(row.get("fileId").toString()).isEqualTo("1"))
        .satisfies(row -> assertThat(row.get("blockNumber").toString()).isEqualTo("12"));
    assertThat(
            db.jdbc()
                .queryForObject(
                    "SELECT COUNT(*) FROM mint_payload WHERE mint_id = ?", Integer.class, m.id()))
        .as("ciphertext dropped after the reward")
        .isZero();
  }

  @Test
  void aStreamedCiphertextIsStoredInChunksReadBackInOrderAndDroppedWithItsPayload()
      throws Exception {
    byte[] ciphertext = new byte[2 * MintStore.CHUNK + 12_345];
    new java.util.Random(5).nextBytes(ciphertext);
    Path file = dir.resolve("ciphertext.pgp");
    java.nio.file.Files.write(file, ciphertext);
    Mint m =
        mints.create(
            new MintStore.NewMint(TOKEN, "big.bin", 99, "seed", new byte[0], "00".repeat(32), now),
            file);
    assertThat(
            db.jdbc()
                .queryForObject(
                    "SELECT COUNT(*) FROM mint_payload_chunk WHERE mint_id = ?",
                    Integer.class,
                    m.id()))
        .isEqualTo(3);
    try (MintStore.Ciphertext stored = mints.openCiphertext(m.id())) {
      assertThat(stored.length()).isEqualTo(ciphertext.length);
      assertThat(java.util.Arrays.equals(stored.content().readAllBytes(), ciphertext)).isTrue();
    }
    Mint whole = mints.create(newMint("0x00000000000000000000000000000000000000ab"));
    try (MintStore.Ciphertext stored = mints.openCiphertext(whole.id())) {
      assertThat(stored.length()).isEqualTo(3);
      assertThat(stored.content().readAllBytes()).containsExactly(1, 2, 3);
    }
    db.jdbc().update("DELETE FROM mint_payload WHERE mint_id = ?", m.id());
    assertThat(db.jdbc().queryForObject("SELECT COUNT(*) FROM mint_payload_chunk", Integer.class))
        .as("the chunks go with their payload")
        .isZero();
  }

  @Test
  void leasesSweepsFailuresAndRetries() {
    Mint m = mints.create(newMint(TOKEN));
    assertThat(mints.lease(m.id(), "a", now, now.plusSeconds(30))).isTrue();
    assertThat(mints.lease(m.id(), "b", now, now.plusSeconds(30))).as("held by a").isFalse();
    assertThat(mints.due(now.plusSeconds(10), 10)).as("leased, not due").isEmpty();
    mints.release(m.id(), "a");
    assertThat(mints.due(now.plusSeconds(10), 10)).extracting(Mint::id).containsExactly(m.id());

    Mint failed = mints.failed(m, "upload refused");
    assertThat(failed.state()).isEqualTo(MintState.FAILED);
    assertThat(mints.retried(failed).state()).isEqualTo(MintState.ENCRYPTED);
  }

  private MintStore.NewMint newMint(String token) {
    return new MintStore.NewMint(
        token, "data.json", 3, "seed", new byte[] {1, 2, 3}, "00".repeat(32), now);
  }
}
