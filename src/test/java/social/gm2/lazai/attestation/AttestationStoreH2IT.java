package social.gm2.lazai.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.gm2.lazai.support.H2Database;

/**
 * The poller's cursor, checkpoints and lease on the quickstart's H2 (MySQL mode): {@code INSERT
 * IGNORE}, {@code REPLACE INTO}, {@code FOR UPDATE}, {@code LEAST} and {@code LIMIT … OFFSET}.
 */
class AttestationStoreH2IT {
  @TempDir Path dir;
  private H2Database db;
  private AttestationStore store;

  @BeforeEach
  void open() {
    db = H2Database.migrated(dir);
    store = new AttestationStore(db.jdbc(), db.tx());
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void oneLeaseHolderMovesTheCursorAndRollsItBack() {
    PollerLease a = lease("a");
    PollerLease b = lease("b");
    long fence = a.acquire().orElseThrow();
    assertThat(b.acquire()).as("held by a").isEmpty();
    assertThat(a.acquire()).as("renewed").contains(fence);

    assertThat(store.cursor(10)).isEqualTo(new AttestationStore.Cursor(10, 10));
    assertThat(store.cursor(99)).as("kept").isEqualTo(new AttestationStore.Cursor(10, 10));
    store.commitRange(a, fence, 10, 19, "0x" + "01".repeat(32), List.of());
    store.commitRange(a, fence, 20, 29, "0x" + "02".repeat(32), List.of());
    assertThat(store.existingCursor().orElseThrow().nextBlock()).isEqualTo(30);
    assertThat(store.checkpoints(5))
        .extracting(AttestationStore.Checkpoint::blockNumber)
        .containsExactly(29L, 19L);

    store.rollback(a, fence, 19);
    assertThat(store.existingCursor().orElseThrow().nextBlock()).isEqualTo(20);
    assertThat(store.checkpoints(5))
        .extracting(AttestationStore.Checkpoint::blockNumber)
        .containsExactly(19L);

    a.release();
    long taken = b.acquire().orElseThrow();
    assertThat(taken).isGreaterThan(fence);
    assertThatThrownBy(() -> store.commitRange(a, fence, 20, 29, "0x" + "03".repeat(32), List.of()))
        .hasMessageContaining("lost its lease");
  }

  private PollerLease lease(String owner) {
    return new PollerLease(db.jdbc(), db.tx(), Clock.systemUTC(), owner, Duration.ofSeconds(30));
  }
}
