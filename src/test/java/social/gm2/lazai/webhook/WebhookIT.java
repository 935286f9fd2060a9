package social.gm2.lazai.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintMoveListener;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStore;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.TestServices;
import social.gm2.lazai.webhook.okhttp.OkHttpSubscriberEndpoint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signed webhooks end to end on the real MariaDB: mint moves made by the real {@link MintStore}
 * write the outbox in their transaction, dispatchers (two instances) post them to {@code
 * interop/webhook-receiver.js}, which verifies every request with the official Standard Webhooks
 * library.
 */
class WebhookIT {
  private static final String HASH = "0x" + "ab".repeat(32);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final JsonMapper JSON = JsonMapper.shared();

  private static String database;
  private static HikariDataSource dataSource;
  private final List<AutoCloseable> open = new ArrayList<>();
  private JdbcTemplate jdbc;

  @BeforeAll
  static void start() {
    database = TestServices.createDatabase();
    dataSource = TestServices.migratedDataSource(database);
  }

  @AfterAll
  static void stop() {
    dataSource.close();
    TestServices.dropDatabase(database);
  }

  @BeforeEach
  void connect() {
    jdbc = new JdbcTemplate(dataSource);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    jdbc.update("DELETE FROM webhook_delivery");
    jdbc.update("DELETE FROM webhook_event");
  }

  @Test
  void eachEventArrivesSignedAsTheStandardWebhooksLibraryVerifiesIt() throws Exception {
    int port = freePort();
    String all = secret();
    String failedOnly = secret();
    WebhookReceiver receiver =
        open(
            WebhookReceiver.start(
                port, Map.of("/all", all, "/failed", failedOnly, "/wrong", secret())));
    WebhookProperties properties =
        properties(
            List.of(
                new Subscriber("all", url(port, "/all"), Secret.valueOf(all), null),
                new Subscriber(
                    "failed-only",
                    url(port, "/failed"),
                    Secret.valueOf(failedOnly),
                    EnumSet.of(WebhookEventType.MINT_FAILED)),
                // Signs with a secret the receiver does not hold: refused, retried, then FAILED.
                new Subscriber(
                    "wrong-secret", url(port, "/wrong"), Secret.valueOf(secret()), null)),
            Duration.ofSeconds(3));
    MintStore mints = store(properties);
    dispatcher(properties, "instance-a").start();

    Mint a = rewarded(mints);
    Mint attested = mints.attested(a, "0x" + "12".repeat(20), HASH, 40);
    mints.revoked(attested, "its log is gone");
    Mint b = mints.create(newMint());
    mints.failed(b, "UPLOADED: the node answered 422 for job 7");

    List<WebhookReceiver.Received> got =
        Await.until(WAIT, receiver::accepted, list -> list.size() >= 5);
    assertThat(got)
        .filteredOn(r -> r.path().equals("/all"))
        .extracting(WebhookReceiver.Received::type)
        .containsExactlyInAnyOrder(
            "mint.rewarded", "mint.attested", "attestation.revoked", "mint.failed");
    assertThat(got)
        .filteredOn(r -> r.path().equals("/failed"))
        .extracting(WebhookReceiver.Received::type)
        .containsExactly("mint.failed");

    Map<String, String> eventIds =
        jdbc.queryForList("SELECT id, type FROM webhook_event").stream()
            .collect(Collectors.toMap(r -> (String) r.get("type"), r -> (String) r.get("id")));
    for (WebhookReceiver.Received r : got) {
      assertThat(r.id())
          .as("webhook-id is the outbox event's id")
          .isEqualTo(eventIds.get(r.type()));
      assertThat(Math.abs(r.timestamp() - Instant.now().getEpochSecond())).isLessThan(120);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("type").asString()).isEqualTo(r.type());
      assertThat(body.get("data").propertyNames())
          .as("public facts of the mint only")
          .doesNotContain("seed", "cid", "url", "ciphertext", "fileName", "encryptionKey");
    }
    JsonNode rewarded =
        JSON.readTree(
                got.stream().filter(r -> r.type().equals("mint.rewarded")).findFirst().get().body())
            .get("data");
    assertThat(rewarded.get("tokenAddress").asString()).isEqualTo(a.tokenAddress());
    assertThat(rewarded.get("datTokenId").asString()).isEqualTo("10");
    assertThat(rewarded.get("rewardTxHash").asString()).isEqualTo(HASH);
    JsonNode failed =
        JSON.readTree(
            got.stream().filter(r -> r.path().equals("/failed")).findFirst().get().body());
    assertThat(failed.get("data").get("reason").asString()).contains("422");

    Await.until(
        WAIT,
        () -> jdbc.queryForList("SELECT status FROM webhook_delivery", String.class),
        statuses -> statuses.size() == 9 && !statuses.contains("PENDING"));
    assertThat(
            jdbc.queryForList(
                "SELECT subscriber, last_status, attempts FROM webhook_delivery"
                    + " WHERE status = 'FAILED'"))
        .as("the wrong secret's four deliveries, refused by the library until retry-for passed")
        .hasSize(4)
        .allSatisfy(
            row -> {
              assertThat(row.get("subscriber")).isEqualTo("wrong-secret");
              assertThat(row.get("last_status")).isEqualTo(400);
              assertThat(((Number) row.get("attempts")).intValue()).isGreaterThan(1);
            });
    assertThat(receiver.rejected()).isNotEmpty().allMatch(r -> r.startsWith("/wrong: "));
    assertThat(new Deliveries(jdbc).list(DeliveryStatus.FAILED, 50))
        .extracting(DeliveryView::subscriber)
        .containsOnly("wrong-secret");
  }

  @Test
  void aReceiverDownForAWhileGetsEveryEventWhenItComesBackAndDuplicatesShareTheirId()
      throws Exception {
    int port = freePort();
    String secret = secret();
    WebhookProperties properties =
        properties(
            List.of(new Subscriber("later", url(port, "/"), Secret.valueOf(secret), null)),
            Duration.ofHours(24));
    MintStore mints = store(properties);
    dispatcher(properties, "instance-a").start();
    dispatcher(properties, "instance-b").start();

    for (int i = 0; i < 5; i++) {
      rewarded(mints);
    }
    Await.until(
        WAIT,
        () -> jdbc.queryForList("SELECT attempts FROM webhook_delivery", Integer.class),
        attempts -> attempts.size() == 5 && attempts.stream().allMatch(n -> n >= 2));
    assertThat(jdbc.queryForList("SELECT DISTINCT status FROM webhook_delivery", String.class))
        .containsExactly("PENDING");
    assertThat(jdbc.queryForList("SELECT last_error FROM webhook_delivery", String.class))
        .allMatch(e -> e.startsWith("no answer from subscriber later"));

    WebhookReceiver receiver = open(WebhookReceiver.start(port, Map.of("/", secret), 2));
    Await.until(
        WAIT,
        () -> jdbc.queryForList("SELECT status FROM webhook_delivery", String.class),
        statuses -> statuses.stream().allMatch("DELIVERED"::equals));

    List<WebhookReceiver.Received> got = receiver.accepted();
    Set<String> ids = got.stream().map(WebhookReceiver.Received::id).collect(Collectors.toSet());
    assertThat(ids)
        .as("none lost")
        .containsExactlyInAnyOrderElementsOf(
            jdbc.queryForList("SELECT id FROM webhook_event", String.class));
    assertThat(got)
        .as("the two answered 500 came again with the same id and body, nothing else twice")
        .hasSize(7);
    Map<String, List<WebhookReceiver.Received>> byId =
        got.stream().collect(Collectors.groupingBy(WebhookReceiver.Received::id));
    assertThat(byId.values()).filteredOn(l -> l.size() == 2).hasSize(2);
    byId.values().stream()
        .filter(l -> l.size() == 2)
        .forEach(l -> assertThat(l.get(1).body()).isEqualTo(l.get(0).body()));
  }

  @Test
  void aMoveThatRollsBackLeavesNoEvent() {
    WebhookProperties properties =
        properties(
            List.of(new Subscriber("s", "http://127.0.0.1:9/", Secret.valueOf(secret()), null)),
            Duration.ofHours(24));
    MintMoveListener refusing =
        (from, moved) -> {
          if (moved.state() == MintState.FAILED) {
            throw new IllegalStateException("a later listener fails");
          }
        };
    var outbox = new WebhookOutbox(jdbc, properties, Clock.systemUTC());
    MintStore mints =
        new MintStore(
            jdbc, transactions(), Clock.systemUTC(), false, e -> {}, List.of(outbox, refusing));
    Mint m = mints.create(newMint());
    assertThatThrownBy(() -> mints.failed(m, "reason")).hasMessageContaining("later listener");

    assertThat(mints.find(m.tokenAddress()).orElseThrow().state()).isEqualTo(MintState.ENCRYPTED);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_event", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery", Integer.class))
        .isZero();
  }

  private Mint rewarded(MintStore mints) {
    Mint m = mints.create(newMint());
    m = mints.uploaded(m, "bafy", "http://127.0.0.1/ipfs/bafy");
    m = mints.registered(m, BigInteger.ONE, HASH);
    m = mints.proofRequested(m, BigInteger.TWO, m.tokenAddress(), HASH, "job 2");
    m = mints.proofSubmitted(m, BigInteger.ONE);
    return mints.rewarded(m, BigInteger.TEN, BigInteger.valueOf(1000), HASH, 12);
  }

  private MintStore store(WebhookProperties properties) {
    var outbox = new WebhookOutbox(jdbc, properties, Clock.systemUTC());
    return new MintStore(jdbc, transactions(), Clock.systemUTC(), false, e -> {}, List.of(outbox));
  }

  private WebhookDispatcher dispatcher(WebhookProperties properties, String owner) {
    var policy = new NodeUrlPolicy(properties.allowedNetworks(), "lazai.webhooks.allowed-networks");
    var endpoint =
        new OkHttpSubscriberEndpoint(policy, properties.connectTimeout(), properties.timeout());
    return open(
        new WebhookDispatcher(
            new Deliveries(jdbc), endpoint, properties, Clock.systemUTC(), owner));
  }

  /** Fast retries for the test; loopback allowed, as the quickstart's receivers would be. */
  private static WebhookProperties properties(List<Subscriber> subscribers, Duration retryFor) {
    return new WebhookProperties(
        subscribers,
        List.of("127.0.0.0/8"),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofMillis(200),
        Duration.ofMillis(400),
        retryFor,
        Duration.ofMillis(100),
        2,
        Duration.ofSeconds(30));
  }

  private MintStore.NewMint newMint() {
    byte[] address = new byte[20];
    new SecureRandom().nextBytes(address);
    String token = "0x" + java.util.HexFormat.of().formatHex(address);
    return new MintStore.NewMint(
        token, "data.json", 3, "seed", new byte[] {1, 2, 3}, "00".repeat(32), Instant.now());
  }

  private static TransactionTemplate transactions() {
    return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  private static String secret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  private static String url(int port, String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private <T extends AutoCloseable> T open(T closeable) {
    open.add(closeable);
    return closeable;
  }
}
