package social.gm2.lazai;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintService;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.support.OriginalSchema;
import social.gm2.lazai.support.TestServices;

/**
 * Pointed at a database the original Node service has been using — its tables exactly as TypeORM
 * created them, its rows, no Flyway history — the service changes neither the tables' definitions
 * nor their rows, adds its own tables, and adopts every token the original minted as an imported
 * mint (tokens matched in any case), at startup and on a later submission, without a chain.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OriginalDatabaseIT {
  private static final String DATABASE = TestServices.createDatabase();
  // As the original's producer sent them: mixed case.
  private static final String REWARDED = "0x1111111111111111111111111111111111AbCdEf";
  private static final String ATTESTED = "0x2222222222222222222222222222222222222222";
  private static final String ATTESTATION_TX = "0x" + "ab".repeat(32);
  private static final String REWARD_TX = "0x" + "cd".repeat(32);
  private static final String NODE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
  private static Map<String, String> definitions;
  private static List<Map<String, String>> rows;

  @Autowired JdbcTemplate jdbc;
  @Autowired MintService mints;
  @LocalServerPort int port;

  @DynamicPropertySource
  static void originalDatabase(DynamicPropertyRegistry registry) throws SQLException {
    OriginalSchema.create(DATABASE);
    try (Connection c = TestServices.connect(DATABASE);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId, transactionHash, blockNumber)"
              + " VALUES ('"
              + REWARDED
              + "', '2606', '2264', '"
              + REWARD_TX
              + "', 12345)");
      s.execute(
          "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId, transactionHash, blockNumber,"
              + " attestator, attestatorHash, attestatorBlockNumber) VALUES ('"
              + ATTESTED
              + "', '2607', '2265', '"
              + REWARD_TX
              + "', 12400, '"
              + NODE
              + "', '"
              + ATTESTATION_TX
              + "', 12399)");
      s.execute(
          "INSERT INTO Project (tokenAddress, creatorAddress, name, blockNumber, blockTimestamp,"
              + " isAIAttested) VALUES ('"
              + REWARDED
              + "', '0x22', 'meme', 1, 1700000000, 1)");
    }
    definitions = OriginalSchema.definitions(DATABASE);
    rows = OriginalSchema.mintRows(DATABASE);
    TestServices.register(registry, DATABASE);
    registry.add("lazai.api.keys", () -> "original-database-it-key");
  }

  @AfterAll
  static void dropDatabase() {
    TestServices.dropDatabase(DATABASE);
  }

  @Test
  @Order(1)
  void keepsTheOriginalTablesAndRowsAndAdoptsItsMints() throws Exception {
    assertThat(OriginalSchema.definitions(DATABASE)).isEqualTo(definitions);
    assertThat(jdbc.queryForObject("SELECT name FROM Project WHERE isAIAttested = 1", String.class))
        .isEqualTo("meme");
    assertThat(
            jdbc.queryForList(
                "SELECT CONCAT(type, ':', version) FROM flyway_schema_history ORDER BY installed_rank",
                String.class))
        .startsWith("BASELINE:0", "SQL:1", "SQL:2")
        .contains("SQL:140");

    Mint rewarded = mints.submit(REWARDED.toUpperCase().replace("0X", "0x"), "x", data()).mint();
    assertThat(rewarded.tokenAddress()).isEqualTo(REWARDED.toLowerCase());
    assertThat(rewarded.state()).isEqualTo(MintState.REWARDED);
    assertThat(rewarded.imported()).isTrue();
    assertThat(rewarded.fileId()).isEqualTo(BigInteger.valueOf(2606));
    assertThat(rewarded.jobId()).isEqualTo(BigInteger.valueOf(2264));
    assertThat(rewarded.rewardTxHash()).isEqualTo(REWARD_TX);
    assertThat(rewarded.rewardBlockNumber()).isEqualTo(12345L);

    Mint attested = mints.submit(ATTESTED, "x", data()).mint();
    assertThat(attested.state()).isEqualTo(MintState.ATTESTED);
    assertThat(attested.imported()).isTrue();
    assertThat(attested.attestator()).isEqualTo(NODE);
    assertThat(attested.attestationTxHash()).isEqualTo(ATTESTATION_TX);
    assertThat(attested.attestationBlockNumber()).isEqualTo(12399L);

    // Imported at startup, before any submission: one row each, one transition each.
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mint", Integer.class)).isEqualTo(2);
    assertThat(
            jdbc.queryForList(
                "SELECT CONCAT(COALESCE(from_state, '-'), '>', to_state) FROM mint_transition",
                String.class))
        .containsExactlyInAnyOrder("->REWARDED", "->ATTESTED");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mint_payload", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM chain_tx", Integer.class)).isZero();
    assertThat(OriginalSchema.mintRows(DATABASE)).isEqualTo(rows);
    assertThat(OriginalSchema.definitions(DATABASE)).isEqualTo(definitions);

    String view = get("/api/v1/mints/" + REWARDED);
    assertThat(view).contains("\"imported\":true").contains("\"state\":\"REWARDED\"");
  }

  @Test
  @Order(2)
  void aRowTheOriginalWritesLaterIsAdoptedWhenItsTokenIsSubmitted() throws Exception {
    String token = "0x3333333333333333333333333333333333333333";
    try (Connection c = TestServices.connect(DATABASE);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId, transactionHash, blockNumber)"
              + " VALUES ('"
              + token.toUpperCase().replace("0X", "0x")
              + "', '7', '8', '"
              + REWARD_TX
              + "', 99)");
    }
    MintService.Submission submitted = mints.submit(token, "data.txt", data());
    assertThat(submitted.created()).isFalse();
    assertThat(submitted.mint().state()).isEqualTo(MintState.REWARDED);
    assertThat(submitted.mint().imported()).isTrue();
    assertThat(submitted.mint().jobId()).isEqualTo(BigInteger.valueOf(8));
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM mint_payload p JOIN mint m ON m.id = p.mint_id"
                    + " WHERE m.token_address = ?",
                Integer.class,
                token))
        .isZero();
    assertThat(get("/api/v1/mints/" + token)).contains("\"imported\":true");
  }

  private static byte[] data() {
    return "hello".getBytes(StandardCharsets.UTF_8);
  }

  private String get(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
