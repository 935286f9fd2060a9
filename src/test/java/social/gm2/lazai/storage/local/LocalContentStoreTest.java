package social.gm2.lazai.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.unit.DataSize;
import social.gm2.lazai.storage.Cid;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.storage.ContentStoreContract;
import social.gm2.lazai.storage.StorageException;
import social.gm2.lazai.storage.StoredContent;

class LocalContentStoreTest {
  private static final String BASE = "http://files.test:3003";
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final long MAX = 64L << 20;

  @TempDir Path dir;

  @Nested
  class WithCidV1 extends Contract {
    @Override
    protected int cidVersion() {
      return 1;
    }
  }

  @Nested
  class WithCidV0 extends Contract {
    @Override
    protected int cidVersion() {
      return 0;
    }
  }

  abstract class Contract extends ContentStoreContract {
    private ContentStore store;

    @Override
    protected ContentStore store() {
      if (store == null) {
        store = LocalContentStore.open(dir, cidVersion(), BASE, MAX, CLOCK);
      }
      return store;
    }

    @Override
    protected String shareUrl(Cid cid) {
      return BASE + "/ipfs/" + cid + "?download=true";
    }

    @Override
    protected long bytesArrived() {
      return bytesOnDisk(dir);
    }
  }

  @Test
  void openingTheStoreWhileAnotherInstanceWritesToItIsHarmless() throws Exception {
    LocalContentStore writer = open();
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger stored = new AtomicInteger();
    CompletableFuture<Void> puts =
        CompletableFuture.runAsync(
            () -> {
              while (!done.get()) {
                String text = "put " + stored.get();
                writer.put(stream(text), text.length(), "p.txt");
                stored.incrementAndGet();
              }
            });
    try {
      // Each open sweeps the temp directory while the writer creates and removes files there.
      for (int i = 0; i < 300 && !puts.isDone(); i++) {
        assertThat(open().contains(writer.put(stream("probe"), 5, "probe.txt").cid())).isTrue();
      }
    } finally {
      done.set(true);
    }
    puts.get(30, TimeUnit.SECONDS);
    assertThat(stored.get()).isPositive();
  }

  @Test
  void filesSurviveReopeningTheStoreAndLieUnderTheirShard() {
    StoredContent stored = open().put(stream("hello world\n"), 12, "hello.txt");

    LocalContentStore reopened = open();

    assertThat(reopened.contains(stored.cid())).isTrue();
    assertThat(dir.resolve("blobs/ei/" + stored.cid())).hasContent("hello world\n");
    assertThat(dir.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void aFailingSourceIsRetryableAndLeavesNoTempFile() {
    InputStream failing =
        new SequenceInputStream(
            stream("partial"),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("disk of the source went away");
              }
            });

    StorageException failure =
        catchThrowableOfType(StorageException.class, () -> open().put(failing, 100, "f.bin"));

    assertThat(failure.retryable()).isTrue();
    assertThat(failure)
        .hasMessageContaining("the local IPFS store at " + dir.toAbsolutePath())
        .hasMessageContaining("f.bin")
        .hasMessageContaining("disk of the source went away");
    assertThat(dir.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void tempFilesLeftByACrashAreRemovedWhenTheyAreStale() throws IOException {
    open();
    Path stale = Files.writeString(dir.resolve("tmp/put-1.part"), "half");
    Path fresh = Files.writeString(dir.resolve("tmp/put-2.part"), "in progress");
    Files.setLastModifiedTime(stale, FileTime.from(NOW.minus(Duration.ofDays(2))));
    Files.setLastModifiedTime(fresh, FileTime.from(NOW.minus(Duration.ofMinutes(5))));

    open();

    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
  }

  @Test
  void theShareUrlBaseIsReadAtEachPut() {
    StringBuilder base = new StringBuilder("http://127.0.0.1:1");
    LocalContentStore store = LocalContentStore.open(dir, 1, base::toString, MAX, CLOCK);
    base.append("234");

    assertThat(store.put(stream("x"), 1, "x").shareUrl()).startsWith("http://127.0.0.1:1234/ipfs/");
  }

  @Test
  void healthIsUpWithRoomAndDownBelowTheFreeSpaceThreshold() {
    LocalContentStore store = open();

    Health up = new LocalStorageHealthIndicator(store, DataSize.ofBytes(1)).health(true);
    Health down =
        new LocalStorageHealthIndicator(store, DataSize.ofTerabytes(1 << 20)).health(true);

    assertThat(up.getStatus()).isEqualTo(Status.UP);
    assertThat(up.getDetails()).containsEntry("directory", dir.toAbsolutePath().toString());
    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
    assertThat(down.getDetails().get("problem").toString())
        .contains("below lazai.storage.local.min-free-space");
  }

  private LocalContentStore open() {
    return LocalContentStore.open(dir, 1, BASE, MAX, CLOCK);
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  static long bytesOnDisk(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  return 0; // renamed or deleted while walking
                }
              })
          .sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }
}
