package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import social.gm2.lazai.chain.web3j.contracts.AIProcess;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.devnet.SimulatedInferenceNode;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.DevnetActor;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.ServiceDevnet;
import social.gm2.lazai.support.TestRsaKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two inference nodes registered on the devnet's Inference contract, both holding the
 * DataRegistry's RSA key; the first registered (the first the contract lists) stops. Chat
 * completions are answered by the second, which earns the fees on chain that the token records; the
 * stopped node is sent no request and its account is never funded.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class InferenceFailoverIT {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String CODE = "IBEX-" + UUID.randomUUID().toString().substring(0, 8);
  private static ApiDevnet devnet;
  private static SimulatedInferenceNode down;
  private static SimulatedInferenceNode up;

  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    devnet = new ApiDevnet();
    devnet.register(registry);
    var chain = devnet.service();
    KeyPair rsa = TestRsaKeys.generate();
    Web3j web3 = Web3j.build(new HttpService(chain.chain.url()));
    try {
      new DevnetActor(
              web3,
              HardhatNode.KEYS.get(0),
              chain.devnet.dataRegistry(),
              chain.devnet.verifiedComputing())
          .updateRegistryPublicKey(RsaKeys.toPkcs1Pem((RSAPublicKey) rsa.getPublic()));
    } finally {
      web3.shutdown();
    }
    down = devnet.startInferenceNode(3, TestRsaKeys.privatePem(rsa));
    up = devnet.startInferenceNode(4, TestRsaKeys.privatePem(rsa));
    devnet.registerInference(registry);
    registry.add("lazai.inference.settlement-poll-interval", () -> "500ms");
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable closeable : new AutoCloseable[] {down, up, devnet}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception e) {
        // already stopped
      }
    }
  }

  @Test
  void aStoppedNodeIsPassedOverForTheNextActiveNodeWhichEarnsTheFee() throws Exception {
    String token = ApiIT.randomToken();
    byte[] data = ("The ibex trail code is " + CODE + ".").getBytes(StandardCharsets.UTF_8);
    assertThat(
            devnet
                .post("/api/v1/mints", ApiIT.submission(token, "trail.txt", data), ApiDevnet.KEY)
                .statusCode())
        .isEqualTo(202);
    JsonNode mint =
        Await.until(
            Duration.ofSeconds(120),
            () -> JSON.readTree(devnet.get("/api/v1/mints/" + token).body()),
            m -> List.of("REWARDED", "ATTESTED", "FAILED").contains(m.path("state").asString()));
    assertThat(mint.at("/transactions/permission").isObject()).as(mint.toString()).isTrue();

    Web3j web3 = Web3j.build(new HttpService(devnet.service().chain.url()));
    try {
      AIProcess inference =
          AIProcess.load(
              devnet.service().devnet.inference(),
              web3,
              new ReadonlyTransactionManager(web3, up.address()),
              new DefaultGasProvider());
      List<?> listed = inference.activeNodeList().send();
      assertThat(listed.stream().map(a -> a.toString().toLowerCase(Locale.ROOT)))
          .as("the node to stop is listed first")
          .containsExactly(
              down.address().toLowerCase(Locale.ROOT), up.address().toLowerCase(Locale.ROOT));
      down.close();

      for (int i = 0; i < 2; i++) {
        HttpResponse<String> answer = ask(token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).at("/choices/0/message/content").asString())
            .contains(CODE);
      }

      JsonNode usage =
          Await.until(
              Duration.ofSeconds(60),
              () -> JSON.readTree(devnet.get("/api/v1/mints/" + token).body()).path("usage"),
              u ->
                  u.path("inferenceRequests").asLong() == 2
                      && u.path("unsettledRequests").asLong() == 0);
      BigInteger fees = new BigInteger(usage.path("inferenceFeesWei").asString());
      assertThat(fees).isPositive();
      assertThat(inference.getNode(up.address()).send().amount)
          .as("what the node that answered earned")
          .isEqualTo(fees);
      assertThat(inference.getNode(down.address()).send().amount).isZero();
      assertThat(
              inference
                  .accountExists(
                      org.web3j.crypto.Credentials.create(ServiceDevnet.TREASURY_KEY).getAddress(),
                      down.address())
                  .send())
          .as("the stopped node's account was never funded")
          .isFalse();
      assertThat(
              jdbc.queryForList(
                  "SELECT LOWER(node_address) AS node, status FROM inference_fee"
                      + " WHERE token_address = ? ORDER BY id",
                  token))
          .as("no request was sent to the stopped node")
          .extracting(row -> row.get("node") + " " + row.get("status"))
          .containsExactly(
              up.address().toLowerCase(Locale.ROOT) + " SETTLED",
              up.address().toLowerCase(Locale.ROOT) + " SETTLED");
    } finally {
      web3.shutdown();
    }
  }

  private static HttpResponse<String> ask(String token) throws Exception {
    return devnet.send(
        devnet
            .request("/api/v1/tokens/" + token + "/chat/completions")
            .timeout(Duration.ofSeconds(90))
            .header("Content-Type", "application/json")
            .header("X-API-Key", ApiDevnet.KEY)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"messages\":[{\"role\":\"user\",\"content\":"
                        + "\"What is the ibex trail code?\"}]}")));
  }
}
