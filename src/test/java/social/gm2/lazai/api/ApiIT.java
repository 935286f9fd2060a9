package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.gas.DefaultGasProvider;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.ReceiptCosts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API in the whole service on the devnet: a mint submitted over HTTP is run off the
 * request thread to ATTESTED and reported with every step; the API key, problem details,
 * idempotency, pagination, retry and both badge states, and no answer carrying data or secrets.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ApiIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String PLAINTEXT = "api private notes: do not echo";
  private static ApiDevnet devnet;

  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    devnet = new ApiDevnet();
    devnet.register(registry);
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void aMintSubmittedOverHttpIsAttestedAndReportedWithEveryStep() throws Exception {
    String token = randomToken();
    String body = submission(token, "notes.txt", PLAINTEXT.getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> accepted = devnet.post("/api/v1/mints", body, ApiDevnet.KEY);
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(accepted.headers().firstValue("Location")).hasValue("/api/v1/mints/" + token);
    JsonNode answer = JSON.readTree(accepted.body());
    assertThat(answer.get("tokenAddress").asString()).isEqualTo(token);
    assertThat(answer.get("state").asString()).isEqualTo("ENCRYPTED");
    assertThat(answer.get("url").asString()).isEqualTo("/api/v1/mints/" + token);

    HttpResponse<String> again =
        devnet.post("/api/v1/mints", submission(token, "other.txt", new byte[] {1}), ApiDevnet.KEY);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).get("tokenAddress").asString()).isEqualTo(token);

    JsonNode mint =
        Await.until(
            WAIT,
            () -> JSON.readTree(devnet.get("/api/v1/mints/" + token).body()),
            m -> "ATTESTED".equals(m.path("state").asString()));
    assertThat(mint.get("fileName").asString()).isEqualTo("notes.txt");
    assertThat(mint.get("cid").asString()).isNotBlank();
    assertThat(mint.get("url").asString()).contains("/ipfs/" + mint.get("cid").asString());
    assertThat(mint.get("fileId").asString()).matches("\\d+");
    assertThat(mint.get("jobId").asString()).matches("\\d+");
    assertThat(mint.get("node").asString()).startsWith("0x");
    for (String tx : List.of("register", "proofRequest", "reward", "attestation")) {
      JsonNode t = mint.get("transactions").get(tx);
      assertThat(t.get("hash").asString()).as(tx).matches("0x[0-9a-f]{64}");
      assertThat(t.get("explorerUrl").asString())
          .isEqualTo(ApiDevnet.EXPLORER + "/tx/" + t.get("hash").asString());
    }
    assertThat(mint.get("dat").get("tokenId").asString()).matches("\\d+");
    assertThat(mint.get("dat").get("amount").asString()).matches("\\d+");
    assertThat(mint.get("wallet").asString())
        .as("the service wallet, no pool")
        .matches("0x[0-9a-f]{40}");
    assertThat(mint.get("dat").get("owner").asString())
        .as("no treasury: the DAT stays with the wallet that registered the file")
        .isEqualTo(mint.get("wallet").asString());
    JsonNode transfer = mint.get("transactions").path("transfer");
    assertThat(transfer.isNull() || transfer.isMissingNode()).as("no transfer").isTrue();
    JsonNode attestation = mint.get("attestation");
    assertThat(attestation.get("attested").asBoolean()).isTrue();
    assertThat(attestation.get("attestator").asString()).startsWith("0x");
    assertThat(attestation.get("blockNumber").asLong()).isPositive();
    assertThat(attestation.get("overdue").asBoolean()).isFalse();
    List<String> steps = new ArrayList<>();
    mint.get("steps").forEach(s -> steps.add(s.get("state").asString()));
    assertThat(steps)
        .containsExactly(
            "ACCEPTED",
            "ENCRYPTED",
            "UPLOADED",
            "REGISTERED",
            "PROOF_REQUESTED",
            "PROOF_SUBMITTED",
            "REWARDED",
            "ATTESTED");
    mint.get("steps").forEach(s -> assertThat(s.get("at").asString()).isNotBlank());
    assertCostsAreTheChainsReceipts(mint);
    assertNoSecrets(devnet.get("/api/v1/mints/" + token).body());
    assertNoSecrets(accepted.body());

    String txUrl = attestation.get("tx").get("explorerUrl").asString();
    HttpResponse<String> svg = devnet.get("/api/v1/tokens/" + token + "/badge.svg");
    assertThat(svg.statusCode()).isEqualTo(200);
    assertThat(svg.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
    assertThat(svg.body()).contains("AI-attested").contains("href=\"" + txUrl + "\"");
    assertThat(svg.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=3600");
    String etag = svg.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> cached =
        devnet.send(
            devnet.request("/api/v1/tokens/" + token + "/badge.svg").header("If-None-Match", etag));
    assertThat(cached.statusCode()).isEqualTo(304);
    JsonNode badge = JSON.readTree(devnet.get("/api/v1/tokens/" + token + "/badge.json").body());
    assertThat(badge.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(badge.get("message").asString()).isEqualTo("AI-attested");
    assertThat(badge.get("attested").asBoolean()).isTrue();
    assertThat(badge.get("txUrl").asString()).isEqualTo(txUrl);
  }

  @Test
  void aTokenWithoutAnAttestationHasTheNeutralBadgeCachedBriefly() throws Exception {
    String token = randomToken();
    HttpResponse<String> svg = devnet.get("/api/v1/tokens/" + token + "/badge.svg");
    assertThat(svg.statusCode()).isEqualTo(200);
    assertThat(svg.body()).contains("not attested").doesNotContain("<a ");
    assertThat(svg.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=60");
    assertThat(svg.headers().firstValue("ETag")).isPresent();
    JsonNode json = JSON.readTree(devnet.get("/api/v1/tokens/" + token + "/badge.json").body());
    assertThat(json.get("attested").asBoolean()).isFalse();
    assertThat(json.get("message").asString()).isEqualTo("not attested");
    assertProblem(devnet.get("/api/v1/tokens/0x12/badge.svg"), 400);
  }

  @Test
  void writesNeedAValidKeyAndAnswerProblems() throws Exception {
    String token = randomToken();
    String body = submission(token, "a.txt", new byte[] {1, 2, 3});

    assertProblem(devnet.post("/api/v1/mints", body, null), 401);
    assertProblem(devnet.post("/api/v1/mints", body, ApiDevnet.KEY + "x"), 401);
    assertProblem(devnet.post("/api/v1/mints/" + token + "/retry", "", null), 401);
    assertProblem(devnet.get("/api/v1/queues"), 401);
    assertThat(devnet.get("/api/v1/mints/" + token).statusCode())
        .as("nothing was stored")
        .isEqualTo(404);

    HttpResponse<String> queues =
        devnet.send(devnet.request("/api/v1/queues").header("X-API-Key", ApiDevnet.KEY));
    assertThat(queues.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(queues.body()).has("lazai-mint-dat")).isTrue();
    HttpResponse<String> basic =
        devnet.send(
            devnet
                .request("/api/v1/queues")
                .header("Authorization", ApiDevnet.basic("op", ApiDevnet.KEY)));
    assertThat(basic.statusCode()).as("Basic is for the dashboard only").isEqualTo(401);
    assertProblem(devnet.get("/api/v1/mints"), 401);
  }

  @Test
  void badRequestsAreProblemsThatNeverEchoTheData() throws Exception {
    String token = randomToken();
    String secretish = "[7,7,7,7,7,7,7,7,9999]";
    HttpResponse<String> badByte =
        devnet.post(
            "/api/v1/mints",
            "{\"tokenAddress\":\""
                + token
                + "\",\"fileName\":\"a\",\"privacyData\":"
                + secretish
                + "}",
            ApiDevnet.KEY);
    JsonNode problem = assertProblem(badByte, 400);
    assertThat(problem.get("field").asString()).isEqualTo("privacyData[8]");
    assertThat(badByte.body()).doesNotContain("9999").doesNotContain("7,7");

    assertThat(
            assertProblem(
                    devnet.post(
                        "/api/v1/mints", submission("0x12", "a", new byte[] {1}), ApiDevnet.KEY),
                    400)
                .get("field")
                .asString())
        .isEqualTo("tokenAddress");
    assertProblem(devnet.post("/api/v1/mints", "{\"tokenAddress\": [", ApiDevnet.KEY), 400);
    assertProblem(
        devnet.post(
            "/api/v1/mints",
            "{\"tokenAddress\":\""
                + token
                + "\",\"fileName\":\"a\","
                + "\"privacyData\":[\"text\"]}",
            ApiDevnet.KEY),
        400);
    assertProblem(
        devnet.send(
            devnet
                .request("/api/v1/mints")
                .header("X-API-Key", ApiDevnet.KEY)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"))),
        415);
    assertProblem(
        devnet.send(devnet.request("/api/v1/mints").header("X-API-Key", ApiDevnet.KEY).DELETE()),
        405);
    assertProblem(devnet.get("/api/v1/mints/" + token), 404);
    assertProblem(devnet.get("/api/v1/mints/not-an-address"), 400);
    assertProblem(devnet.get("/api/v1/nothing-here"), 401);
    assertProblem(devnet.getWithKey("/api/v1/nothing-here"), 404);
    assertProblem(devnet.getWithKey("/api/v1/mints?size=100000"), 400);
    assertProblem(devnet.getWithKey("/api/v1/mints?page=-1"), 400);
    assertProblem(devnet.getWithKey("/api/v1/mints?state=BOGUS"), 400);
  }

  @Test
  void theListIsFilteredByStateNewestFirstInBoundedPages() throws Exception {
    List<String> mine = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      mine.add(failedMint("REGISTERED"));
    }
    long failed =
        jdbc.queryForObject("SELECT COUNT(*) FROM mint WHERE state = 'FAILED'", Long.class);
    List<String> seen = new ArrayList<>();
    for (int page = 0; ; page++) {
      JsonNode answer =
          JSON.readTree(devnet.getWithKey("/api/v1/mints?state=FAILED&size=2&page=" + page).body());
      assertThat(answer.get("total").asLong()).isEqualTo(failed);
      assertThat(answer.get("size").asInt()).isEqualTo(2);
      assertThat(answer.get("items").size()).isLessThanOrEqualTo(2);
      if (answer.get("items").isEmpty()) {
        break;
      }
      answer
          .get("items")
          .forEach(
              m -> {
                assertThat(m.get("state").asString()).isEqualTo("FAILED");
                seen.add(m.get("tokenAddress").asString());
              });
    }
    assertThat(seen).hasSize((int) failed);
    List<String> newestFirst = new ArrayList<>(mine);
    java.util.Collections.reverse(newestFirst);
    assertThat(seen.stream().filter(mine::contains).toList()).isEqualTo(newestFirst);
  }

  @Test
  void onlyAFailedMintIsRetriedAndItResumesWhereItFailed() throws Exception {
    String token = ApiDevnet.failedAfterUpload(jdbc);

    HttpResponse<String> retried =
        devnet.post("/api/v1/mints/" + token + "/retry", "", ApiDevnet.KEY);
    assertThat(retried.statusCode()).isEqualTo(202);
    assertThat(retried.headers().firstValue("Location")).hasValue("/api/v1/mints/" + token);
    assertThat(JSON.readTree(retried.body()).get("state").asString()).isEqualTo("UPLOADED");
    Await.until(
        WAIT,
        () -> JSON.readTree(devnet.get("/api/v1/mints/" + token).body()).get("state").asString(),
        s -> s.equals("PROOF_REQUESTED"));

    JsonNode conflict =
        assertProblem(devnet.post("/api/v1/mints/" + token + "/retry", "", ApiDevnet.KEY), 409);
    assertThat(conflict.get("detail").asString()).contains("PROOF_REQUESTED");
    assertProblem(devnet.post("/api/v1/mints/" + randomToken() + "/retry", "", ApiDevnet.KEY), 404);
  }

  @Test
  void theOpenApiDocumentAndSwaggerUiAreServed() throws Exception {
    HttpResponse<String> docs = devnet.get("/v3/api-docs");
    assertThat(docs.statusCode()).isEqualTo(200);
    JsonNode openapi = JSON.readTree(docs.body());
    assertThat(openapi.get("openapi").asString()).startsWith("3.");
    assertThat(openapi.get("paths").has("/api/v1/mints")).isTrue();
    assertThat(openapi.get("paths").has("/api/v1/mints/{tokenAddress}/retry")).isTrue();
    assertThat(openapi.get("paths").has("/api/v1/tokens/{tokenAddress}/badge.svg")).isTrue();
    assertThat(openapi.get("paths").has("/dashboard")).isFalse();
    assertThat(openapi.at("/paths/~1api~1v1~1mints/post/security/0").has("apiKey")).isTrue();
    assertThat(openapi.at("/paths/~1api~1v1~1mints/get/security/0").has("apiKey")).isTrue();
    assertThat(openapi.at("/paths/~1api~1v1~1mints~1{tokenAddress}/get/security").isMissingNode())
        .isTrue();
    JsonNode privacyData = openapi.at("/components/schemas/MintSubmission/properties/privacyData");
    assertThat(privacyData.at("/type").asString()).as(privacyData.toString()).isEqualTo("array");
    assertThat(privacyData.at("/items/type").asString())
        .as(privacyData.toString())
        .isEqualTo("integer");
    assertThat(openapi.at("/components/securitySchemes/apiKey/name").asString())
        .isEqualTo("X-API-Key");
    HttpResponse<String> ui = devnet.get("/swagger-ui/index.html");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("swagger-ui");
  }

  private String failedMint(String failedIn) {
    String token = randomToken();
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.update(
        "INSERT INTO mint (token_address, file_name, state, attempts, last_error, next_attempt_at)"
            + " VALUES (?, 'f.txt', 'FAILED', 1, 'a test failure', ?)",
        token,
        now);
    long id = jdbc.queryForObject("SELECT id FROM mint WHERE token_address = ?", Long.class, token);
    jdbc.update(
        "INSERT INTO mint_transition (mint_id, from_state, to_state, occurred_at, detail)"
            + " VALUES (?, ?, 'FAILED', ?, 'a test failure')",
        id,
        failedIn,
        now);
    return token;
  }

  private static JsonNode assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("title").asString()).isNotBlank();
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    assertNoSecrets(response.body());
    return problem;
  }

  /**
   * The mint's {@code costs} are what the chain's receipts of its own transactions say (the node's
   * attestation is the node's) and the node fee its one proof request paid, as decimal strings.
   */
  private static void assertCostsAreTheChainsReceipts(JsonNode mint) throws Exception {
    List<String> hashes = new ArrayList<>();
    for (String tx : List.of("register", "proofRequest", "reward", "transfer", "permission")) {
      JsonNode t = mint.get("transactions").path(tx);
      if (t.isObject()) {
        hashes.add(t.get("hash").asString());
      }
    }
    var chain = devnet.service();
    Web3j web3 = Web3j.build(new HttpService(chain.chain.url()));
    try {
      ReceiptCosts chainSays = ReceiptCosts.of(web3, hashes);
      BigInteger nodeFee =
          VerifiedComputing.load(
                  chain.devnet.verifiedComputing(),
                  web3,
                  Credentials.create(ApiDevnet.TREASURY_KEY),
                  new DefaultGasProvider())
              .nodeFee()
              .send();
      JsonNode costs = mint.get("costs");
      assertThat(costs.get("transactions").asInt()).isEqualTo(hashes.size());
      assertThat(costs.get("gasWei").isString()).isTrue();
      assertThat(new BigInteger(costs.get("gasWei").asString()))
          .isPositive()
          .isEqualTo(chainSays.gasWei());
      assertThat(new BigInteger(costs.get("nodeFeesWei").asString()))
          .isPositive()
          .isEqualTo(nodeFee)
          .isEqualTo(chainSays.valueWei());
      assertThat(new BigInteger(costs.get("totalWei").asString()))
          .isEqualTo(chainSays.gasWei().add(nodeFee));
    } finally {
      web3.shutdown();
    }
  }

  private static void assertNoSecrets(String body) {
    assertThat(body)
        .doesNotContain(ApiDevnet.KEY)
        .doesNotContain(ApiDevnet.TREASURY_KEY.substring(2))
        .doesNotContain(PLAINTEXT)
        .doesNotContain("Sign to retrieve")
        .doesNotContain("privacyData\":[");
  }

  static String submission(String token, String fileName, byte[] data) {
    StringBuilder bytes = new StringBuilder();
    for (byte b : data) {
      bytes.append(bytes.length() == 0 ? "" : ",").append(b & 0xff);
    }
    return "{\"tokenAddress\":\""
        + token
        + "\",\"fileName\":\""
        + fileName
        + "\",\"privacyData\":["
        + bytes
        + "]}";
  }

  static String randomToken() {
    return "0x"
        + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT)
        + "00000000";
  }
}
