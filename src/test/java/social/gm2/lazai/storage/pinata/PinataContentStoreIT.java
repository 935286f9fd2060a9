package social.gm2.lazai.storage.pinata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.gm2.lazai.config.ConfigFixtures;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.storage.Cid;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.storage.ContentStoreContract;
import social.gm2.lazai.storage.StorageException;
import social.gm2.lazai.storage.StorageProperties;
import social.gm2.lazai.storage.StoredContent;

/** The contract, and Pinata's failure modes, against a fake Pinata that follows its v3 API. */
class PinataContentStoreIT extends ContentStoreContract {
  private static final String JWT = ConfigFixtures.JWT;
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  private static final long MAX = 64L << 20;

  @TempDir Path dir;
  private FakePinata pinata;
  private ContentStore store;

  @BeforeEach
  void start() throws IOException {
    pinata = FakePinata.start(JWT, dir);
    store = store(JWT, Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    pinata.close();
  }

  @Override
  protected ContentStore store() {
    return store;
  }

  @Override
  protected int cidVersion() {
    return 1;
  }

  @Override
  protected String shareUrl(Cid cid) {
    return pinata.url() + "/ipfs/" + cid + "?download=true";
  }

  @Override
  protected long bytesArrived() {
    return pinata.fileBytesReceived();
  }

  @Test
  void theRealBytesAreSentAsAnOctetStreamFilePartWithNetworkPublic() {
    // CR LF and dashes, as a boundary would start, inside the content.
    byte[] data = "x\r\n--lazai-\r\n\r\n--\r\nend".getBytes(StandardCharsets.ISO_8859_1);

    StoredContent stored = put(data, "token.pgp");

    FakePinata.Upload upload = pinata.uploads().get(0);
    assertThat(upload.name()).isEqualTo("token.pgp");
    assertThat(upload.network()).isEqualTo("public");
    assertThat(upload.partType()).isEqualTo("application/octet-stream");
    assertThat(upload.size()).isEqualTo(data.length);
    assertThat(upload.cid()).isEqualTo(stored.cid());
    assertThat(upload.contentLength()).as("a fixed Content-Length, not chunked").isPositive();
    assertThat(read(stored.cid())).isEqualTo(data);
  }

  @Test
  void aRefusedJwtIsPermanentAndPointsAtIpfsJwtWithoutPrintingIt() {
    String other = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvdGhlciJ9.b3RoZXItc2lnbmF0dXJl";

    StorageException failure =
        failure(
            () ->
                store(other, Duration.ofSeconds(5))
                    .put(new ByteArrayInputStream(new byte[] {1}), 1, "a.bin"));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("check IPFS_JWT (lazai.storage.pinata.jwt)")
        .hasMessageContaining("INVALID_CREDENTIALS")
        .hasMessageNotContaining(other);
  }

  @Test
  void rateLimitingIsRetryableAfterTheTimePinataAsked() {
    pinata.fail(Fault.rateLimited("7"));
    pinata.fail(Fault.rateLimited("Fri, 02 Jan 2026 03:05:05 GMT"));

    StorageException seconds = failure(() -> put(new byte[] {1}, "a.bin"));
    StorageException date = failure(() -> put(new byte[] {1}, "a.bin"));

    assertThat(seconds.retryable()).isTrue();
    assertThat(seconds.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(date.retryAfter()).contains(Duration.ofMinutes(1));
    assertThat(seconds).hasMessageContaining("HTTP 429").hasMessageContaining(pinata.url());
  }

  @Test
  void serverErrorsAreRetryable() {
    pinata.fail(Fault.status(500, "INTERNAL", "something broke"));

    StorageException failure = failure(() -> put(new byte[] {1}, "a.bin"));

    assertThat(failure.retryable()).isTrue();
    assertThat(failure.retryAfter()).isEmpty();
    assertThat(failure).hasMessageContaining("HTTP 500").hasMessageContaining("something broke");
  }

  @Test
  void otherClientErrorsArePermanentWithPinatasWords() {
    pinata.fail(Fault.status(400, "INVALID_REQUEST", "file too large for plan " + JWT));

    StorageException failure = failure(() -> put(new byte[] {1}, "a.bin"));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure)
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("file too large for plan ******")
        .hasMessageNotContaining(JWT);
  }

  @Test
  void aCidThatDoesNotMatchTheBytesIsPermanentAndNamesBoth() {
    pinata.fail(Fault.wrongCid());

    StorageException failure =
        failure(() -> put("hello world\n".getBytes(StandardCharsets.UTF_8), "hello.txt"));

    assertThat(failure.retryable()).isFalse();
    assertThat(failure)
        .hasMessageContaining(Cid.v1(Cid.RAW, new byte[32]).value())
        .hasMessageContaining("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
  }

  @Test
  void aTimeoutIsRetryable() {
    Fault hang = Fault.hang();
    pinata.fail(hang);
    try {
      StorageException failure =
          failure(
              () ->
                  store(JWT, Duration.ofMillis(300))
                      .put(new ByteArrayInputStream(new byte[] {1}), 1, "a.bin"));

      assertThat(failure.retryable()).isTrue();
      assertThat(failure).hasMessageContaining("timed out");
    } finally {
      hang.release();
    }
  }

  @Test
  void anEndlessAnswerIsCutAtTheCapAndIsRetryable() {
    pinata.fail(Fault.endless());

    StorageException failure = failure(() -> put(new byte[] {1}, "a.bin"));

    assertThat(failure.retryable()).isTrue();
    assertThat(failure).hasMessageContaining("more than " + PinataContentStore.MAX_ANSWER);
  }

  @Test
  void aTricklingAnswerIsCutAtTheDeadlineAndIsRetryable() {
    pinata.fail(Fault.trickle());
    long start = System.nanoTime();

    StorageException failure =
        failure(
            () ->
                store(JWT, Duration.ofSeconds(2))
                    .put(new ByteArrayInputStream(new byte[] {1}), 1, "a.bin"));

    assertThat(failure.retryable()).isTrue();
    assertThat(failure).hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void anUnreachablePinataIsRetryable() {
    pinata.close();

    StorageException failure = failure(() -> put(new byte[] {1}, "a.bin"));

    assertThat(failure.retryable()).isTrue();
    assertThat(failure).hasMessageContaining(pinata.url() + "/v3/files");
  }

  private ContentStore store(String jwt, Duration timeout) {
    StorageProperties.Pinata settings =
        new StorageProperties.Pinata(
            Secret.valueOf(jwt),
            pinata.url(),
            pinata.url(),
            pinata.url(),
            Duration.ofSeconds(5),
            timeout);
    return PinataContentStore.create(settings, MAX, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static StorageException failure(ThrowingCallable call) {
    StorageException failure = catchThrowableOfType(StorageException.class, call);
    assertThat(failure).as("a StorageException").isNotNull();
    assertThat(failure).hasMessageNotContaining(JWT);
    return failure;
  }
}
