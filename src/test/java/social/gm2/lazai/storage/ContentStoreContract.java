package social.gm2.lazai.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContentStore} must do, run against each implementation (the local store, and
 * the Pinata store talking to a fake Pinata). Expected CIDs come from the vectors (cids.json).
 */
public abstract class ContentStoreContract {
  /** cids.json: "hello world\n". */
  private static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

  private static final String HELLO_V1 =
      "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";
  private static final String EMPTY_V0 = "QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH";
  private static final String EMPTY_V1 =
      "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku";

  /** cids.json: the 175-chunk file, the first two-level tree. */
  private static final long TWO_LEVELS = 45_613_057;

  private static final String TWO_LEVELS_V0 = "QmS4hMZ4YUHeaY9GrFjfCpfkX2XtcTkeypWJH94FFaHrnB";
  private static final String TWO_LEVELS_V1 =
      "bafybeidlryvs6xgva5h2zilwbsnrbixm7aue3s7sb5a6rdy4lpqiw6ghme";

  protected abstract ContentStore store();

  /** The CID version the store under test names files with. */
  protected abstract int cidVersion();

  /** The share URL the store should give for {@code cid}. */
  protected abstract String shareUrl(Cid cid);

  /** Bytes of content that reached the store's destination so far (for the streaming proof). */
  protected abstract long bytesArrived();

  @Test
  void putGivesKubosCidAndTheShareUrl() {
    StoredContent stored = put("hello world\n".getBytes(StandardCharsets.UTF_8), "hello.txt");

    Cid expected = Cid.parse(cidVersion() == 0 ? HELLO_V0 : HELLO_V1);
    assertThat(stored.cid()).isEqualTo(expected);
    assertThat(stored.size()).isEqualTo(12);
    assertThat(stored.shareUrl()).isEqualTo(shareUrl(expected)).endsWith("?download=true");
  }

  @Test
  void theEmptyFileHasItsKnownCid() {
    StoredContent stored = put(new byte[0], "empty.bin");

    assertThat(stored.cid()).isEqualTo(Cid.parse(cidVersion() == 0 ? EMPTY_V0 : EMPTY_V1));
    assertThat(read(stored.cid())).isEmpty();
  }

  @Test
  void openGivesBackExactlyTheBytes() throws Exception {
    byte[] data = random(600_001, 1);

    StoredContent stored = put(data, "three-chunks.pgp");

    assertThat(store().contains(stored.cid())).isTrue();
    try (OpenContent content = store().open(stored.cid()).orElseThrow()) {
      assertThat(content.cid()).isEqualTo(stored.cid());
      assertThat(content.size()).isIn(600_001L, -1L);
      assertThat(content.stream().readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void anUnknownCidIsAbsent() {
    Cid unknown = Cid.v1(Cid.RAW, new byte[32]);

    assertThat(store().contains(unknown)).isFalse();
    assertThat(store().open(unknown)).isEmpty();
  }

  @Test
  void aLargeInputIsHashedAndStoredWhileItStreams() {
    long before = bytesArrived();
    GatedStream content =
        new GatedStream(
            CounterStream.cidVector(TWO_LEVELS),
            16L << 20,
            8L << 20,
            () -> bytesArrived() - before);

    StoredContent stored = store().put(content, TWO_LEVELS, "large.bin");

    assertThat(content.opened()).isTrue();
    assertThat(stored.cid())
        .isEqualTo(Cid.parse(cidVersion() == 0 ? TWO_LEVELS_V0 : TWO_LEVELS_V1));
    assertThat(stored.size()).isEqualTo(TWO_LEVELS);
  }

  @Test
  void concurrentPutsOfTheSameContentAreHarmless() throws Exception {
    byte[] data = random(700_000, 2);
    int writers = 6;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<StoredContent>> puts = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        Callable<StoredContent> put =
            () -> {
              start.await();
              return store().put(new ByteArrayInputStream(data), data.length, "same.bin");
            };
        puts.add(pool.submit(put));
      }
      start.countDown();
      Cid first = puts.get(0).get(30, TimeUnit.SECONDS).cid();
      for (Future<StoredContent> put : puts) {
        assertThat(put.get(30, TimeUnit.SECONDS).cid()).isEqualTo(first);
      }
      assertThat(read(first)).isEqualTo(data);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void contentShorterThanDeclaredIsAPermanentFailure() {
    StorageException failure =
        catchThrowableOfType(
            StorageException.class,
            () -> store().put(new ByteArrayInputStream(new byte[10]), 11, "short.bin"));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure).hasMessageContaining("ended after 10 of the declared 11 bytes");
  }

  @Test
  void contentLongerThanDeclaredIsAPermanentFailure() {
    StorageException failure =
        catchThrowableOfType(
            StorageException.class,
            () -> store().put(new ByteArrayInputStream(new byte[300_000]), 299_999, "long.bin"));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure).hasMessageContaining("longer than the declared 299999 bytes");
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedBeforeAnyWork() {
    StorageException failure =
        catchThrowableOfType(
            StorageException.class,
            () -> store().put(InputStream.nullInputStream(), 1L << 40, "huge.bin"));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure).hasMessageContaining("huge.bin").hasMessageContaining("length");
  }

  protected StoredContent put(byte[] data, String name) {
    return store().put(new ByteArrayInputStream(data), data.length, name);
  }

  protected byte[] read(Cid cid) {
    try (OpenContent content = store().open(cid).orElseThrow()) {
      return content.stream().readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  protected static byte[] random(int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }
}
