package social.gm2.lazai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import social.gm2.lazai.chain.web3j.contracts.Settlement;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.ServiceDevnet;
import social.gm2.lazai.support.ServiceJar;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 16's account setup under crashes, on the packaged jar: a chat request finds the wallet
 * without a Settlement user; the service is SIGKILLed while its {@code addUser} is broadcast but
 * not mined, and SIGTERMed while the {@code depositInference} that follows is; each restart's
 * request waits for the transaction already sent instead of sending another. Afterwards the chat
 * answers from the token's data, and the chain holds exactly one {@code addUser} and one {@code
 * depositInference} from the wallet.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class InferenceAccountCrashIT {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String KEY = "crash-api-key-" + UUID.randomUUID();
  private static final String CODE = "OKAPI-" + UUID.randomUUID().toString().substring(0, 8);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static ServiceDevnet devnet;
  private static ServiceJar service;

  @BeforeAll
  static void devnet() throws Exception {
    devnet = ServiceDevnet.withInference();
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void killedAndStoppedWhileTheAccountIsSetUpTheWalletSendsEachSetupTransactionOnce()
      throws Exception {
    Map<String, Object> properties = new LinkedHashMap<>(devnet.properties());
    properties.put("lazai.api.keys", KEY);
    properties.put("lazai.attestation.enabled", true);
    properties.put("lazai.attestation.confirmations", 1);
    properties.put("lazai.attestation.poll-interval", "200ms");
    properties.put("lazai.inference.enabled", true);
    properties.put("lazai.inference.inference-address", devnet.devnet.inference());
    properties.put("lazai.inference.settlement-address", devnet.devnet.settlement());
    service = ServiceJar.start("inference-crash", properties, Map.of());
    String token = mint("Field notes. The okapi enclosure code is " + CODE + ".");

    // No blocks from here on unless the test mines one.
    devnet.chain.rpc("evm_setAutomine", "false");
    devnet.chain.rpc("evm_setIntervalMining", "0");

    CompletableFuture<HttpResponse<String>> first = ask(token);
    String addUser = awaitBroadcast("%addUser%");
    List<String> stops = new ArrayList<>();
    stops.add("SIGKILL with addUser " + addUser + " in the mempool: exit " + service.kill());
    assertThat(first.handle((answer, failure) -> failure).get(30, TimeUnit.SECONDS))
        .as("the request in flight lost its connection")
        .isNotNull();

    service = service.restart();
    CompletableFuture<HttpResponse<String>> second = ask(token);
    awaitWaitingFor("inference addUser user=");
    devnet.chain.rpc("evm_mine");
    String deposit = awaitBroadcast("%depositInference%");
    stops.add(
        "SIGTERM with depositInference " + deposit + " in the mempool: exit " + service.stop());
    second.handle((answer, failure) -> null).get(30, TimeUnit.SECONDS);
    assertThat(stops.get(0)).as(String.join("; ", stops)).endsWith("exit 137");
    assertThat(stops.get(1)).as(String.join("; ", stops)).endsWith("exit 143");

    service = service.restart();
    CompletableFuture<HttpResponse<String>> third = ask(token);
    awaitWaitingFor("inference depositInference user=");
    devnet.chain.rpc("evm_setAutomine", "true");
    devnet.chain.rpc("evm_mine");
    HttpResponse<String> answer = third.get(90, TimeUnit.SECONDS);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(JSON.readTree(answer.body()).at("/choices/0/message/content").asString())
        .contains(CODE);
    HttpResponse<String> again = ask(token).get(60, TimeUnit.SECONDS);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);

    Map<String, Integer> sent = setupTransactionsOnChain();
    assertThat(sent)
        .as("setup transactions from the wallet on chain; %s", String.join("; ", stops))
        .containsExactlyInAnyOrderEntriesOf(Map.of("addUser", 1, "depositInference", 1));
    assertThat(count("SELECT COUNT(*) FROM chain_tx WHERE intent_key LIKE 'inference %'"))
        .isEqualTo(2);
    assertThat(
            count(
                "SELECT COUNT(*) FROM chain_tx WHERE intent_key LIKE 'inference %'"
                    + " AND state = 'MINED'"))
        .isEqualTo(2);
  }

  private String mint(String secret) throws Exception {
    byte[] address = new byte[20];
    new SecureRandom().nextBytes(address);
    String token = "0x" + HexFormat.of().formatHex(address);
    StringBuilder data = new StringBuilder();
    for (byte b : secret.getBytes(StandardCharsets.UTF_8)) {
      data.append(data.isEmpty() ? "" : ",").append(b & 0xff);
    }
    String body =
        "{\"tokenAddress\":\"%s\",\"fileName\":\"notes.txt\",\"privacyData\":[%s]}"
            .formatted(token, data);
    HttpResponse<String> accepted =
        HTTP.send(
            request("/api/v1/mints")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode mint =
        Await.until(
            Duration.ofSeconds(90),
            () ->
                JSON.readTree(
                    HTTP.send(
                            request("/api/v1/mints/" + token).GET().build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body()),
            m -> List.of("ATTESTED", "FAILED").contains(m.path("state").asString()));
    assertThat(mint.path("state").asString()).as(mint.toString()).isEqualTo("ATTESTED");
    assertThat(mint.at("/transactions/permission").isObject()).as(mint.toString()).isTrue();
    return token;
  }

  private static CompletableFuture<HttpResponse<String>> ask(String token) {
    String body =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"What is the okapi enclosure code?\"}]}";
    return HTTP.sendAsync(
        request("/api/v1/tokens/" + token + "/chat/completions")
            .timeout(Duration.ofSeconds(90))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(service.url() + path))
        .timeout(Duration.ofSeconds(30))
        .header("X-API-Key", KEY);
  }

  /** The hash of the stored transaction whose intent matches, once the chain's mempool has it. */
  private static String awaitBroadcast(String intent) {
    return Await.until(
        Duration.ofSeconds(60),
        () -> {
          String hash = latestAttempt(intent);
          if (hash == null) {
            return null;
          }
          JsonNode seen = devnet.chain.rpc("eth_getTransactionByHash", "\"" + hash + "\"");
          return seen.path("result").isObject() ? hash : null;
        },
        hash -> hash != null);
  }

  /** Waits until the service logs that a request found the transaction of {@code intent} sent. */
  private static void awaitWaitingFor(String intent) {
    Await.until(
        Duration.ofSeconds(60),
        () ->
            Files.readAllLines(service.log()).stream()
                .filter(l -> l.contains("tx intent=" + intent) && l.contains("already stored"))
                .toList(),
        lines -> !lines.isEmpty());
  }

  private static String latestAttempt(String intent) throws Exception {
    try (Connection c = TestServices.connect(devnet.database);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT a.hash FROM chain_tx t JOIN chain_tx_attempt a ON a.tx_id = t.id"
                    + " WHERE t.intent_key LIKE ? ORDER BY a.id DESC LIMIT 1")) {
      s.setString(1, intent);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    }
  }

  private static long count(String sql) throws Exception {
    try (Connection c = TestServices.connect(devnet.database);
        PreparedStatement s = c.prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Every mined transaction from the service wallet to the Settlement contract, by function. */
  private static Map<String, Integer> setupTransactionsOnChain() throws IOException {
    Web3j web3 = Web3j.build(new HttpService(devnet.chain.url()));
    try {
      String wallet =
          Credentials.create(ServiceDevnet.TREASURY_KEY).getAddress().toLowerCase(Locale.ROOT);
      String settlement = devnet.devnet.settlement().toLowerCase(Locale.ROOT);
      Settlement contract =
          Settlement.load(
              settlement,
              web3,
              new ReadonlyTransactionManager(web3, wallet),
              new DefaultGasProvider());
      Map<String, String> functions =
          Map.of(
              selector(contract.addUser(BigInteger.ONE).encodeFunctionCall()),
              "addUser",
              selector(contract.depositInference(wallet, BigInteger.ONE).encodeFunctionCall()),
              "depositInference");
      Map<String, Integer> sent = new LinkedHashMap<>();
      long head = web3.ethBlockNumber().send().getBlockNumber().longValueExact();
      for (long n = 0; n <= head; n++) {
        EthBlock.Block block =
            web3.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(n)), true)
                .send()
                .getBlock();
        for (EthBlock.TransactionResult<?> result : block.getTransactions()) {
          Transaction tx = (Transaction) result.get();
          if (wallet.equalsIgnoreCase(tx.getFrom()) && settlement.equalsIgnoreCase(tx.getTo())) {
            sent.merge(
                functions.getOrDefault(selector(tx.getInput()), tx.getInput()), 1, Integer::sum);
          }
        }
      }
      return sent;
    } finally {
      web3.shutdown();
    }
  }

  private static String selector(String input) {
    return input.substring(0, 10);
  }
}
