package social.gm2.lazai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole service on the real MariaDB and Redis: schema, health, metrics. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApplicationIT {
  private static final String DATABASE = TestServices.createDatabase();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String API_KEY = "application-it-key-" + java.util.UUID.randomUUID();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired Flyway flyway;

  private static HardhatNode chain;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    chain = HardhatNode.start();
    TestServices.register(registry, DATABASE);
    registry.add("lazai.chain.rpc-url", chain::url);
    registry.add("lazai.api.keys", () -> API_KEY);
  }

  @AfterAll
  static void stop() {
    TestServices.dropDatabase(DATABASE);
    chain.close();
  }

  @Test
  void healthReportsDatabaseRedisAndChain() throws Exception {
    HttpResponse<String> response = get("/actuator/health");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode health = JsonMapper.shared().readTree(response.body());
    assertThat(health.at("/status").asString()).isEqualTo("UP");
    assertThat(health.at("/components/db/components/primary/status").asString()).isEqualTo("UP");
    assertThat(health.at("/components/redis/status").asString()).isEqualTo("UP");
    assertThat(health.at("/components/chain/status").asString()).isEqualTo("UP");
  }

  @Test
  void prometheusScrapesPoolAndJvmMetricsWithTheKey() throws Exception {
    assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
    HttpResponse<String> response = get("/actuator/prometheus");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("jvm_memory_used_bytes", "hikaricp_connections{");
  }

  @Test
  void onlyHealthInfoAndMetricsAreExposed() throws Exception {
    assertThat(get("/actuator/env").statusCode()).isEqualTo(404);
    assertThat(get("/actuator/configprops").statusCode()).isEqualTo(404);
  }

  @Test
  void migrationsCreateTheOriginalTablesWithTheirColumns() {
    assertThat(columns("LazAIMintDAT"))
        .containsSubsequence(
            "id",
            "tokenAddress",
            "fileId",
            "jobId",
            "transactionHash",
            "blockNumber",
            "attestator",
            "attestatorHash",
            "attestatorBlockNumber");
    assertThat(columns("Project"))
        .containsExactly("projectId", "tokenAddress", "creatorAddress", "isAIAttested");
    assertThat(columns("mint")).contains("token_address", "state", "version", "cid", "job_id");
    assertThat(columns("mint_transition"))
        .contains("mint_id", "from_state", "to_state", "occurred_at");
    assertThat(columns("chain_tx")).contains("wallet", "nonce", "intent_key", "state");
    assertThat(columns("chain_tx_attempt")).contains("tx_id", "hash", "raw", "gas_price");
    assertThat(flyway.info().pending()).as("pending migrations").isEmpty();
    assertThat(flyway.info().applied()).hasSize(flyway.info().all().length);
  }

  @Test
  void aTokenHasOneRowWhateverTheCaseOfItsAddress() {
    jdbc.update(
        "INSERT INTO LazAIMintDAT (tokenAddress) VALUES (?)",
        "0xAbCdEf0000000000000000000000000000000001");

    assertThatThrownBy(
            () ->
                jdbc.update(
                    "INSERT INTO LazAIMintDAT (tokenAddress) VALUES (?)",
                    "0xabcdef0000000000000000000000000000000001"))
        .isInstanceOf(DuplicateKeyException.class);
    assertThatThrownBy(
            () ->
                jdbc.update(
                    "INSERT INTO Project (tokenAddress) VALUES (?), (?)",
                    "0x00000000000000000000000000000000000000aa",
                    "0x00000000000000000000000000000000000000AA"))
        .isInstanceOf(DuplicateKeyException.class);
  }

  private List<String> columns(String table) {
    List<String> names = new ArrayList<>();
    try (Connection c = TestServices.connect(DATABASE);
        var rs = c.getMetaData().getColumns(DATABASE, null, table, "%")) {
      while (rs.next()) {
        names.add(rs.getString("COLUMN_NAME"));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return names;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return get(path, API_KEY);
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
