package social.gm2.lazai.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.MariaDbReplicaPair;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read-only transactions go to the replica, everything else and Flyway to the primary, proven on a
 * real MariaDB primary and GTID replica that the test starts (server ids 1 and 2).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaRoutingIT {
  private static final String API_KEY = "replica-it-key-" + java.util.UUID.randomUUID();
  private static final String DATABASE = "lazai_replica_it";
  private static final int PRIMARY = 1;
  private static final int REPLICA = 2;
  private static MariaDbReplicaPair pair;
  private static HardhatNode chain;

  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactions;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void servers(DynamicPropertyRegistry registry) throws IOException, SQLException {
    pair = MariaDbReplicaPair.start(Path.of("target", "replica-it"));
    pair.createDatabase(DATABASE);
    chain = HardhatNode.start(); // so that only the database decides the overall health
    TestServices.register(registry, DATABASE);
    registry.add("lazai.chain.rpc-url", chain::url);
    registry.add("lazai.api.keys", () -> API_KEY);
    registry.add("lazai.database.primary.host", pair::host);
    registry.add("lazai.database.primary.port", pair::primaryPort);
    registry.add("lazai.database.primary.username", pair::username);
    registry.add("lazai.database.primary.password", pair::password);
    registry.add("lazai.database.replicas[0].host", pair::host);
    registry.add("lazai.database.replicas[0].port", pair::replicaPort);
    registry.add("lazai.database.replicas[0].username", pair::username);
    registry.add("lazai.database.replicas[0].password", pair::password);
    registry.add("lazai.database.replicas[0].database", () -> DATABASE);
  }

  @AfterAll
  static void stopServers() {
    TestServices.deleteQueueKeys(TestServices.queuePrefix(DATABASE));
    if (pair != null) {
      pair.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  @Test
  @Order(1)
  void flywayMigratesThePrimaryAndTheReplicaGetsItByReplication() throws Exception {
    pair.awaitReplicaCaughtUp(Duration.ofSeconds(30));

    int onPrimary = appliedMigrations(pair.primaryPort());
    assertThat(onPrimary).isGreaterThanOrEqualTo(3);
    assertThat(appliedMigrations(pair.replicaPort())).isEqualTo(onPrimary);
  }

  @Test
  @Order(2)
  void readOnlyTransactionsReadTheReplica() {
    assertThat(serverId(readOnly())).isEqualTo(REPLICA);
  }

  @Test
  @Order(2)
  void readWriteTransactionsAndPlainStatementsUseThePrimary() {
    assertThat(serverId(new TransactionTemplate(transactions))).isEqualTo(PRIMARY);
    assertThat(jdbc.queryForObject("SELECT @@server_id", Integer.class)).isEqualTo(PRIMARY);
  }

  @Test
  @Order(2)
  void aReadOnlyTransactionCannotWrite() {
    assertThatThrownBy(
            () ->
                readOnly()
                    .executeWithoutResult(
                        s -> jdbc.update("INSERT INTO Project (tokenAddress) VALUES ('0x01')")))
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("READ ONLY");
  }

  @Test
  @Order(2)
  void writesOnThePrimaryAreReadFromTheReplica() throws Exception {
    String token = "0x00000000000000000000000000000000000000b2";
    jdbc.update("INSERT INTO Project (tokenAddress, isAIAttested) VALUES (?, 1)", token);
    pair.awaitReplicaCaughtUp(Duration.ofSeconds(30));

    Integer attested =
        readOnly()
            .execute(
                s ->
                    jdbc.queryForObject(
                        "SELECT isAIAttested FROM Project WHERE tokenAddress = ?",
                        Integer.class,
                        token));
    assertThat(attested).isEqualTo(1);
  }

  /**
   * The REST API reads mints in read-only transactions: a row that exists on the replica only (a
   * high id the primary never reaches, deleted again) is what {@code GET /api/v1/mints/…} shows.
   */
  @Test
  @Order(2)
  void theApiReadsMintsFromTheReplica() throws Exception {
    String token = "0x00000000000000000000000000000000000000c3";
    String url = "jdbc:mariadb://" + pair.host() + ":" + pair.replicaPort() + "/" + DATABASE;
    try (var replica = DriverManager.getConnection(url, pair.username(), pair.password())) {
      replica
          .createStatement()
          .executeUpdate(
              "INSERT INTO mint (id, token_address, file_name, state) VALUES (900000, '"
                  + token
                  + "', 'replica-only.txt', 'FAILED')");
      try {
        HttpResponse<String> list = get("/api/v1/mints?state=FAILED");
        HttpResponse<String> one = get("/api/v1/mints/" + token);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.body()).contains("replica-only.txt");
        assertThat(list.body()).contains(token);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mint WHERE id = 900000", Long.class))
            .as("not on the primary")
            .isZero();
      } finally {
        replica.createStatement().executeUpdate("DELETE FROM mint WHERE id = 900000");
      }
    }
  }

  @Test
  @Order(3)
  void whenTheReplicaDiesReadsFallBackToThePrimaryAndHealthIsDegraded() throws Exception {
    assertThat(health().at("/components/db/components/replica-0/status").asString())
        .isEqualTo("UP");

    pair.killReplicaServer();

    // A read that had a pooled connection to the dead replica fails once; the next falls back.
    Await.until(Duration.ofSeconds(20), () -> serverId(readOnly()), id -> id == PRIMARY);
    assertThat(serverId(readOnly())).isEqualTo(PRIMARY);
    JsonNode health = health();
    assertThat(health.at("/status").asString()).isEqualTo("DEGRADED");
    assertThat(health.at("/components/db/components/primary/status").asString()).isEqualTo("UP");
    assertThat(health.at("/components/db/components/replica-0/status").asString())
        .isEqualTo("DEGRADED");
  }

  private TransactionTemplate readOnly() {
    TransactionTemplate template = new TransactionTemplate(transactions);
    template.setReadOnly(true);
    return template;
  }

  private Integer serverId(TransactionTemplate template) {
    return template.execute(s -> jdbc.queryForObject("SELECT @@server_id", Integer.class));
  }

  private static int appliedMigrations(int port) throws SQLException {
    String url = "jdbc:mariadb://" + pair.host() + ":" + port + "/" + DATABASE;
    try (var c = DriverManager.getConnection(url, pair.username(), pair.password());
        var rs =
            c.createStatement()
                .executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", API_KEY) // the mint list needs one
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode health() throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new UncheckedIOException(new IOException("health answered " + response.statusCode()));
    }
    return JsonMapper.shared().readTree(response.body());
  }
}
