package social.gm2.lazai.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintStore;
import social.gm2.lazai.support.H2Database;

/**
 * The outbox on the quickstart's H2 (MySQL mode), with the same migrations: a move's event and
 * deliveries, leases two instances share, and the three outcomes.
 */
class WebhookH2IT {
  private static final String TOKEN = "0x00000000000000000000000000000000000000bb";
  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir Path dir;
  private H2Database db;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @BeforeEach
  void open() {
    db = H2Database.migrated(dir);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void eventsAreLeasedOnceAndRecorded() {
    WebhookProperties properties =
        new WebhookProperties(
            List.of(
                new Subscriber("one", "https://one.example/", Secret.valueOf(SECRET), null),
                new Subscriber("two", "https://two.example/", Secret.valueOf(SECRET), null)),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    var outbox = new WebhookOutbox(db.jdbc(), properties, Clock.systemUTC());
    var mints =
        new MintStore(db.jdbc(), db.tx(), Clock.systemUTC(), false, e -> {}, List.of(outbox));
    Mint m = mints.create(newMint());
    mints.failed(m, "UPLOADED: refused");

    var deliveries = new Deliveries(db.jdbc());
    Instant later = Instant.now().plusSeconds(1);
    List<Delivery> a = deliveries.lease("a", later, later.plusSeconds(60), 1);
    List<Delivery> b = deliveries.lease("b", later, later.plusSeconds(60), 10);
    assertThat(a).hasSize(1);
    assertThat(b).hasSize(1).extracting(Delivery::subscriber).doesNotContain(a.get(0).subscriber());
    assertThat(deliveries.lease("c", later, later.plusSeconds(60), 10)).as("all leased").isEmpty();
    assertThat(a.get(0).type()).isEqualTo("mint.failed");
    assertThat(a.get(0).eventId()).isEqualTo(b.get(0).eventId()).startsWith("msg_");
    assertThat(a.get(0).payload()).contains("\"reason\":\"UPLOADED: refused\"");

    deliveries.delivered(a.get(0), "a", 204, later);
    deliveries.postponed(b.get(0), "someone else", 500, "answered HTTP 500", later);
    assertThat(deliveries.counts())
        .as("only the lease holder records")
        .containsEntry(DeliveryStatus.DELIVERED, 1L)
        .containsEntry(DeliveryStatus.PENDING, 1L);
    deliveries.failed(b.get(0), "b", null, "no answer", later);
    assertThat(deliveries.list(DeliveryStatus.FAILED, 10))
        .singleElement()
        .satisfies(d -> assertThat(d.lastStatus()).isNull())
        .satisfies(d -> assertThat(d.lastError()).isEqualTo("no answer"))
        .satisfies(d -> assertThat(d.attempts()).isEqualTo(1))
        .satisfies(d -> assertThat(d.tokenAddress()).isEqualTo(TOKEN));
    assertThat(deliveries.list(null, 10)).hasSize(2);
  }

  private MintStore.NewMint newMint() {
    return new MintStore.NewMint(
        TOKEN, "data.json", 3, "seed", new byte[] {1, 2, 3}, "00".repeat(32), now);
  }
}
