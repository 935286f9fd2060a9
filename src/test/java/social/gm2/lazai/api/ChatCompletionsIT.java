package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import social.gm2.lazai.chain.web3j.contracts.AIProcess;
import social.gm2.lazai.devnet.SimulatedInferenceNode;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.DevnetActor;
import social.gm2.lazai.support.HardhatNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16's "done when", in the whole service on the devnet: the simulated inference node (Hardhat
 * #3, registered on the Inference contract by the maintainer, holding the DataRegistry's RSA key)
 * answers {@code POST /api/v1/tokens/{token}/chat/completions} from the token's DAT file. A token
 * minted with its file permission gets the answer only its private data holds (a code made up for
 * this run), whole and streamed; the fees the node settled on chain are the ones recorded for the
 * token, and what the node earned and the account paid on chain. A token minted while the registry
 * had no key (its permission withheld) gets the node's refusal as a problem.
 */
@org.junit.jupiter.api.Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
// Closed after the class: its fee poller must not outlive the test's database.
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ChatCompletionsIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(150);
  private static final String CODE = "ZEBRA-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String SECRET =
      "Vault notes. The launch code for the zebra vault is " + CODE + ".";
  private static final String QUESTION = "What is the launch code for the zebra vault?";
  private static ApiDevnet devnet;
  private static SimulatedInferenceNode node;

  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    devnet = new ApiDevnet();
    devnet.register(registry);
    node = devnet.startInferenceNode(3, null);
    devnet.registerInference(registry);
    registry.add("lazai.inference.settlement-poll-interval", () -> "500ms");
    // No permission backfill during the test: the withheld token must stay without one.
    registry.add("lazai.queue.backfill-period", () -> "1h");
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void answersFromTheTokensPrivateDataAndRecordsTheFeesSettledOnChain() throws Exception {
    Web3j web3 = Web3j.build(new HttpService(devnet.service().chain.url()));
    try {
      // Minted while the registry has no key: its permission is withheld.
      String withheld = mint(web3, false);
      DevnetActor maintainer =
          new DevnetActor(
              web3,
              HardhatNode.KEYS.get(0),
              devnet.service().devnet.dataRegistry(),
              devnet.service().devnet.verifiedComputing());
      maintainer.updateRegistryPublicKey(node.publicKeyPem());
      String token = mint(web3, true);

      AIProcess inference =
          AIProcess.load(
              devnet.service().devnet.inference(),
              web3,
              new ReadonlyTransactionManager(web3, node.address()),
              new DefaultGasProvider());
      BigInteger earnedBefore = inference.getNode(node.address()).send().amount;

      HttpResponse<String> whole = ask(token, false, ApiDevnet.KEY);
      assertThat(whole.statusCode()).as(whole.body()).isEqualTo(200);
      JsonNode completion = JSON.readTree(whole.body());
      assertThat(completion.path("object").asString()).isEqualTo("chat.completion");
      assertThat(completion.at("/choices/0/message/content").asString()).contains(CODE);

      HttpResponse<String> streamed = ask(token, true, ApiDevnet.KEY);
      assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(200);
      assertThat(streamed.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/event-stream");
      assertThat(streamed.body()).endsWith("data: [DONE]\n\n");
      assertThat(deltas(streamed.body())).contains(CODE);

      JsonNode usage =
          Await.until(
              WAIT,
              () -> JSON.readTree(devnet.get("/api/v1/mints/" + token).body()).path("usage"),
              u ->
                  u.path("inferenceRequests").asLong() == 2
                      && u.path("unsettledRequests").asLong() == 0);
      BigInteger fees = new BigInteger(usage.path("inferenceFeesWei").asString());
      assertThat(fees).isPositive();
      BigInteger earned = inference.getNode(node.address()).send().amount.subtract(earnedBefore);
      assertThat(earned).as("what the node earned on chain").isEqualTo(fees);
      assertSettledOnChain(web3, token, fees);
      assertThat(devnet.getWithKey("/dashboard").body())
          .contains("2 inference answers, " + fees + " wei in fees");
      JsonNode listed = null;
      for (JsonNode item :
          JSON.readTree(devnet.getWithKey("/api/v1/mints?size=100").body()).path("items")) {
        if (item.path("tokenAddress").asString().equalsIgnoreCase(token)) {
          listed = item;
        }
      }
      assertThat(listed).as("the token in the mints list").isNotNull();
      assertThat(listed.path("usage")).as("usage in the list").isEqualTo(usage);

      assertThat(
              JSON.readTree(devnet.get("/api/v1/mints/" + withheld).body())
                  .at("/transactions/permission")
                  .isObject())
          .as("still withheld")
          .isFalse();
      HttpResponse<String> refused = ask(withheld, false, ApiDevnet.KEY);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
      assertThat(refused.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/problem+json");
      JsonNode problem = JSON.readTree(refused.body());
      assertThat(problem.path("detail").asString())
          .contains("The inference node " + node.address().toLowerCase(Locale.ROOT))
          .contains("Data query failed");
      assertThat(problem.path("nodeStatus").asInt()).isEqualTo(400);
      assertThat(
              JSON.readTree(devnet.get("/api/v1/mints/" + withheld).body())
                  .at("/usage/inferenceRequests")
                  .asLong())
          .isZero();
    } finally {
      web3.shutdown();
    }
  }

  @Test
  void badRequestsAreRefusedBeforeAnyNodeIsAsked() throws Exception {
    String unknown = ApiIT.randomToken();
    assertThat(ask(unknown, false, null).statusCode()).isEqualTo(401);
    HttpResponse<String> missing = ask(unknown, false, ApiDevnet.KEY);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("There is no mint for token " + unknown);
    for (String body :
        List.of(
            "not json",
            "{\"messages\":[]}",
            "{\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}",
            "{\"messages\":[{\"role\":\"user\",\"content\":42}]}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}")) {
      HttpResponse<String> bad = post(unknown, body, ApiDevnet.KEY);
      assertThat(bad.statusCode()).as(body).isEqualTo(400);
      assertThat(bad.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/problem+json");
    }
    JsonNode openapi = JSON.readTree(devnet.get("/v3/api-docs").body());
    JsonNode chat = openapi.at("/paths/~1api~1v1~1tokens~1{tokenAddress}~1chat~1completions/post");
    assertThat(chat.at("/security/0").has("apiKey")).as(chat.toString()).isTrue();
    assertThat(chat.at("/requestBody/content/application~1json").isObject()).isTrue();
    String noFile = ApiDevnet.failedAfterUpload(jdbc);
    HttpResponse<String> conflict = ask(noFile, false, ApiDevnet.KEY);
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body()).contains("has no DAT file yet");
  }

  /** Every recorded fee is a settlementFees transaction the node sent to the Inference contract. */
  private void assertSettledOnChain(Web3j web3, String token, BigInteger fees) throws Exception {
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT status, tx_hash, cost_wei, response_id FROM inference_fee WHERE token_address ="
                + " ?",
            token);
    assertThat(rows).hasSize(2);
    BigInteger sum = BigInteger.ZERO;
    for (Map<String, Object> row : rows) {
      assertThat(row.get("status")).isEqualTo("SETTLED");
      assertThat((String) row.get("response_id")).isNotBlank();
      TransactionReceipt receipt =
          web3.ethGetTransactionReceipt((String) row.get("tx_hash"))
              .send()
              .getTransactionReceipt()
              .orElseThrow();
      assertThat(receipt.isStatusOK()).isTrue();
      assertThat(receipt.getFrom()).isEqualToIgnoringCase(node.address());
      assertThat(receipt.getTo()).isEqualToIgnoringCase(devnet.service().devnet.inference());
      sum = sum.add(((java.math.BigDecimal) row.get("cost_wei")).toBigIntegerExact());
    }
    assertThat(sum).isEqualTo(fees);
  }

  private String mint(Web3j web3, boolean permitted) throws Exception {
    String token = ApiIT.randomToken();
    byte[] data = SECRET.getBytes(StandardCharsets.UTF_8);
    assertThat(
            devnet
                .post("/api/v1/mints", ApiIT.submission(token, "vault.txt", data), ApiDevnet.KEY)
                .statusCode())
        .isEqualTo(202);
    JsonNode mint =
        Await.until(
            WAIT,
            () -> JSON.readTree(devnet.get("/api/v1/mints/" + token).body()),
            m -> List.of("REWARDED", "ATTESTED", "FAILED").contains(m.path("state").asString()));
    assertThat(mint.path("state").asString()).as(mint.toString()).isNotEqualTo("FAILED");
    assertThat(mint.at("/transactions/permission").isObject()).isEqualTo(permitted);
    return token;
  }

  private static HttpResponse<String> ask(String token, boolean stream, String key)
      throws Exception {
    return post(
        token,
        "{\"model\":\"any\",\"stream\":"
            + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\""
            + QUESTION
            + "\"}]}",
        key);
  }

  private static HttpResponse<String> post(String token, String body, String key) throws Exception {
    HttpRequest.Builder request =
        devnet
            .request("/api/v1/tokens/" + token + "/chat/completions")
            .timeout(Duration.ofSeconds(90))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return devnet.send(request);
  }

  /** The text of a stream's chunks, joined. */
  private static String deltas(String events) {
    StringBuilder text = new StringBuilder();
    for (String line : events.split("\n")) {
      if (line.startsWith("data: {")) {
        text.append(JSON.readTree(line.substring(6)).at("/choices/0/delta/content").asString(""));
      }
    }
    return text.toString();
  }
}
