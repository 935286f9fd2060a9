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
 * The mint rows on the quickstart's H2 (MySQL mode) with the same migrations: create, advance under
 * the optimistic lock, lease, sweep, fail and retry, and the original's upsert.
 */
class MintRepositoryH2IT {
  private static final String TOKEN = "0x00000000000000000000000000000000000000aa";
  private static final String HASH = "0x" + "ab".repeat(32);

  @TempDir Path dir;
  private H2Database db;
  private MintRepository mints;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @BeforeEach
  void open() {
    db = H2Database.migrated(dir);
    mints = new MintRepository(db.jdbc(), db.tx(), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    db.close();
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
            "ACCEPTED",
            "ENCRYPTED",
            "UPLOADED",
            "REGISTERED",
            "PROOF_REQUESTED",
            "PROOF_SUBMITTED",
            "REWARDED");
    mints.recordLegacy(TOKEN, BigInteger.ONE, BigInteger.TWO, HASH, 12L);
    mints.recordLegacy(TOKEN, BigInteger.ONE, BigInteger.TEN, HASH, 13L);
    assertThat(
            db.jdbc()
                .queryForObject(
                    "SELECT jobId FROM LazAIMintDAT WHERE tokenAddress = ?", Long.class, TOKEN))
        .isEqualTo(10L);
  }

  @Test
  void leasesSweepsFailuresAndRetries() {
    Mint m = mints.create(newMint(TOKEN));
    assertThat(mints.lease(m.id(), "a", now, now.plusSeconds(30))).isTrue();
    assertThat(mints.lease(m.id(), "b", now, now.plusSeconds(30))).as("held by a").isFalse();
    assertThat(mints.due(now.plusSeconds(10), 10)).as("leased, not due").isEmpty();
    mints.release(m.id(), "a");
    assertThat(mints.due(now.plusSeconds(10), 10)).extracting(Mint::id).containsExactly(m.id());

    Mint failed = mints.failed(m, "upload refused", true, null);
    assertThat(failed.state()).isEqualTo(MintState.FAILED);
    assertThat(mints.failedIn(failed)).isEqualTo(MintState.ENCRYPTED);
    assertThat(mints.retried(failed, MintState.ENCRYPTED).state()).isEqualTo(MintState.ENCRYPTED);
  }

  private MintRepository.NewMint newMint(String token) {
    return new MintRepository.NewMint(
        token, "data.json", 3, "seed", new byte[] {1, 2, 3}, "00".repeat(32), now);
  }
}
