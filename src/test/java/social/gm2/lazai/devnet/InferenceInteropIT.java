package social.gm2.lazai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Numeric;
import social.gm2.lazai.chain.web3j.contracts.AIProcess;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.Settlement;
import social.gm2.lazai.crypto.Addresses;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.crypto.RsaKeyWrap;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.crypto.RsaScheme;
import social.gm2.lazai.inference.RequestHeaders;
import social.gm2.lazai.inference.SettlementHeaders;
import social.gm2.lazai.inference.SettlementNonces;
import social.gm2.lazai.signer.key.KeySigner;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.NodePeer;
import social.gm2.lazai.support.TestRsaKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One Hardhat devnet with everything deployed (the DataRegistry's public key = the inference node's
 * RSA key), one {@link SimulatedInferenceNode} (Hardhat #1, registered by the deployer #0), a file
 * whose owner (#2) granted the DataRegistry permission, and two paying users: the real alith 0.12.3
 * Node {@code Client} (#3, interop/alith-inference.js — its own addUser/deposit/depositInference
 * and getRequestHeaders) and the Java {@link SettlementHeaders} (#4, funded through the web3j
 * wrappers). Both get the file's fact back with the fee settled on chain, and both are refused 401
 * for a stale nonce, a wrong signature (#5's) and a wrong user.
 */
class InferenceInteropIT {
  private static final String MAINTAINER_KEY = HardhatNode.KEYS.get(0);
  private static final String NODE_KEY = HardhatNode.KEYS.get(1);
  private static final String OWNER_KEY = HardhatNode.KEYS.get(2);
  private static final String ALITH_KEY = HardhatNode.KEYS.get(3);
  private static final String JAVA_KEY = HardhatNode.KEYS.get(4);
  private static final String OTHER_KEY = HardhatNode.KEYS.get(5);
  private static final String POOR_KEY = HardhatNode.KEYS.get(6);
  private static final long CHAIN_ID = 133_718;
  private static final BigInteger PRICE = BigInteger.valueOf(100);
  private static final String FACT = "The launch code of project Aurora is 7341-ZEBRA.";
  private static final String TEXT =
      "Project Aurora is a research satellite. It carries two cameras and one radio.\n"
          + "The team meets every Tuesday in building nine.\n"
          + FACT
          + " Nobody outside the team knows it.\n"
          + "The budget was approved in spring. Weather data is collected hourly.";
  private static final String QUESTION = "What is the launch code of project Aurora?";
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final SecureRandom RANDOM = new SecureRandom();

  private static HardhatNode chain;
  private static Web3j web3;
  private static DevnetDeployment devnet;
  private static SimulatedInferenceNode node;
  private static HttpServer files;
  private static AIProcess inference;
  private static BigInteger fileId;
  private static BigInteger fileWithoutPermission;
  private static BigInteger fileWithWrongPermission;
  private static SettlementHeaders javaHeaders;
  private static String javaUser;

  @BeforeAll
  static void start() throws Exception {
    chain = HardhatNode.start();
    web3 = Web3j.build(new HttpService(chain.url()));
    KeyPair rsa = TestRsaKeys.generate();
    devnet =
        DevnetDeployment.deploy(
            chain, List.of(), List.of(), RsaKeys.toPkcs1Pem((RSAPublicKey) rsa.getPublic()));
    node =
        SimulatedInferenceNode.start(
            InferenceNodeSettings.of(
                    chain.url(), devnet.dataRegistry(), devnet.inference(), NODE_KEY)
                .withRsaPrivateKeyPem(TestRsaKeys.privatePem(rsa))
                .withMaintainerKey(MAINTAINER_KEY));
    inference = AIProcess.load(devnet.inference(), web3, manager(MAINTAINER_KEY), gas());
    files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    Map<String, byte[]> bodies = new ConcurrentHashMap<>();
    files.createContext(
        "/ipfs/",
        exchange -> {
          try (exchange) {
            byte[] body = bodies.get(exchange.getRequestURI().getPath().substring(6));
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
              exchange.getResponseBody().write(body);
            }
          }
        });
    files.start();
    RSAPublicKey nodeKey = (RSAPublicKey) rsa.getPublic();
    fileId = registerFile(bodies, "aurora", nodeKey);
    fileWithoutPermission = registerFile(bodies, "aurora-no-permission", null);
    fileWithWrongPermission =
        registerFile(bodies, "aurora-wrong-key", (RSAPublicKey) TestRsaKeys.generate().getPublic());

    Settlement settlement = Settlement.load(devnet.settlement(), web3, manager(JAVA_KEY), gas());
    settlement.addUser(BigInteger.TEN.pow(15)).send();
    settlement.depositInference(node.address(), BigInteger.TEN.pow(14)).send();
    KeySigner wallet = KeySigner.of(JAVA_KEY, "test key");
    javaUser = wallet.address();
    javaHeaders = new SettlementHeaders(wallet, new SettlementNonces(Clock.systemUTC(), RANDOM));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
    if (files != null) {
      files.stop(0);
    }
    if (web3 != null) {
      web3.shutdown();
    }
    if (chain != null) {
      chain.close();
    }
  }

  @Test
  void theNodeIsRegisteredOnTheInferenceContractAndTheRegistryKeyIsItsKey() throws Exception {
    AIProcess.NodeInfo info = inference.getNode(node.address()).send();
    assertThat(node.address())
        .isEqualTo(Addresses.checksummed(Credentials.create(NODE_KEY).getAddress()));
    assertThat(info.url).isEqualTo(node.url());
    assertThat(info.publicKey).isEqualTo(node.publicKeyPem());
    DataRegistry registry =
        DataRegistry.load(devnet.dataRegistry(), web3, manager(OWNER_KEY), gas());
    assertThat(registry.publicKey().send()).isEqualTo(node.publicKeyPem());
  }

  @Test
  void alithsClientFundsItsAccountGetsTheFactAndIsRefusedForStaleNonceWrongSignatureWrongUser()
      throws Exception {
    String request =
        JSON.createObjectNode()
            .put("rpc", chain.url())
            .put("dataRegistry", devnet.dataRegistry())
            .put("verifiedComputing", devnet.verifiedComputing())
            .put("dataAnchoringToken", devnet.dataAnchoringToken())
            .put("settlement", devnet.settlement())
            .put("inference", devnet.inference())
            .put("node", node.address())
            .put("fileId", fileId.toString())
            .put("question", QUESTION)
            .put("addUser", "1000000000000000")
            .put("deposit", "5000")
            .put("depositInference", "100000000000000")
            .put("otherUser", javaUser)
            .toString();
    JsonNode out =
        JSON.readTree(
            NodePeer.run(
                    "alith-inference.js",
                    Map.of("PRIVATE_KEY", ALITH_KEY, "OTHER_PRIVATE_KEY", OTHER_KEY),
                    request)
                .orThrow()
                .stdout());
    String user = Credentials.create(ALITH_KEY).getAddress();
    assertThat(out.get("alith").asString()).isEqualTo("0.12.3");
    // getUser reverts UserNotExists(address) before addUser
    assertThat(out.get("getUserBefore").asString()).startsWith("0x0617de70");
    JsonNode funded = out.get("userAfterDeposit");
    assertThat(funded.get("availableBalance").asString())
        .isEqualTo(new BigInteger("1000000000005000").subtract(BigInteger.TEN.pow(14)).toString());
    assertThat(funded.get("totalBalance").asString()).isEqualTo("1000000000005000");
    JsonNode before = out.get("accountBefore");
    assertThat(before.get("balance").asString()).isEqualTo("100000000000000");
    assertThat(before.get("nonce").asString()).isEqualTo("0");
    assertThat(out.get("nodeUrl").asString()).isEqualTo(node.url());

    JsonNode chat = out.get("chat");
    assertThat(chat.get("status").asInt()).as(chat.toString()).isEqualTo(200);
    JsonNode completion = chat.get("body");
    assertThat(completion.at("/choices/0/message/content").asString()).contains("7341-ZEBRA");
    long tokens = completion.at("/usage/total_tokens").asLong();
    assertThat(tokens).isPositive();
    JsonNode after = out.get("accountAfter");
    BigInteger cost = PRICE.multiply(BigInteger.valueOf(tokens));
    assertThat(new BigInteger(after.get("balance").asString()))
        .isEqualTo(new BigInteger("100000000000000").subtract(cost));
    assertThat(after.get("nonce").asString())
        .isEqualTo(out.at("/chatHeaders/X-LazAI-Nonce").asString());
    assertThat(balanceUpdates(user)).contains(new BigInteger(after.get("balance").asString()));

    assertRefused(out.get("staleNonce"), "Invalid nonce: " + after.get("nonce").asString());
    assertRefused(out.get("wrongSignature"), "Signature verification failed: address mismatch");
    assertRefused(out.get("wrongUser"), "Signature verification failed: address mismatch");
    assertThat(out.get("accountAtEnd")).isEqualTo(after);
  }

  @Test
  void javasSettlementHeadersGetTheFactAndPayOnChain() throws Exception {
    AIProcess.Account before = inference.getAccount(javaUser, node.address()).send();
    RequestHeaders headers = javaHeaders.createAbove(node.address(), fileId, before.nonce);
    HttpResponse<String> response = chat(headers.asMap(), false);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode completion = JSON.readTree(response.body());
    assertThat(completion.get("object").asString()).isEqualTo("chat.completion");
    assertThat(completion.at("/choices/0/message/content").asString())
        .isEqualTo(
            "Based on the attached data: \"" + FACT + " Nobody outside the team knows it.\"");
    long tokens = completion.at("/usage/total_tokens").asLong();
    assertThat(tokens)
        .isEqualTo(
            completion.at("/usage/prompt_tokens").asLong()
                + completion.at("/usage/completion_tokens").asLong());
    AIProcess.Account after = inference.getAccount(javaUser, node.address()).send();
    assertThat(after.balance)
        .isEqualTo(before.balance.subtract(PRICE.multiply(BigInteger.valueOf(tokens))));
    assertThat(after.nonce).isEqualTo(headers.nonce());
    assertThat(balanceUpdates(javaUser)).contains(after.balance);
  }

  @Test
  void aSignatureWithout0xAsPythonClientsSendItIsAcceptedAndSettled() throws Exception {
    AIProcess.Account before = inference.getAccount(javaUser, node.address()).send();
    RequestHeaders headers = javaHeaders.createAbove(node.address(), null, before.nonce);
    Map<String, String> python = new java.util.LinkedHashMap<>(headers.asMap());
    python.put(RequestHeaders.SIGNATURE, headers.signature().substring(2));
    HttpResponse<String> response = chat(python, false);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).at("/choices/0/message/content").asString())
        .isEqualTo("I have no attached data to answer \"" + QUESTION + "\" from.");
    assertThat(inference.getAccount(javaUser, node.address()).send().nonce)
        .isEqualTo(headers.nonce());
  }

  @Test
  void aStreamEndsWithDoneCarriesUsageAndIsSettled() throws Exception {
    AIProcess.Account before = inference.getAccount(javaUser, node.address()).send();
    RequestHeaders headers = javaHeaders.createAbove(node.address(), fileId, before.nonce);
    HttpResponse<String> response = chat(headers.asMap(), true);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    List<String> events =
        response
            .body()
            .lines()
            .filter(l -> l.startsWith("data: "))
            .map(l -> l.substring(6))
            .toList();
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    StringBuilder content = new StringBuilder();
    JsonNode last = null;
    for (String event : events.subList(0, events.size() - 1)) {
      last = JSON.readTree(event);
      assertThat(last.get("object").asString()).isEqualTo("chat.completion.chunk");
      content.append(last.at("/choices/0/delta/content").asString(""));
    }
    assertThat(content.toString()).contains("7341-ZEBRA");
    assertThat(last.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    long tokens = last.at("/usage/total_tokens").asLong();
    AIProcess.Account after = inference.getAccount(javaUser, node.address()).send();
    assertThat(after.balance)
        .isEqualTo(before.balance.subtract(PRICE.multiply(BigInteger.valueOf(tokens))));
  }

  @Test
  void javasHeadersAreRefusedForStaleNonceWrongSignatureWrongUser() throws Exception {
    AIProcess.Account account = settledJavaAccount();
    HttpResponse<String> stale =
        chat(javaHeaders.create(node.address(), fileId, account.nonce).asMap(), false);
    assertRefused(stale, "Invalid nonce: " + account.nonce);

    var other = KeySigner.of(OTHER_KEY, "test key");
    var otherHeaders =
        new SettlementHeaders(other, new SettlementNonces(Clock.systemUTC(), RANDOM));
    RequestHeaders fresh = javaHeaders.createAbove(node.address(), fileId, account.nonce);
    Map<String, String> forged = new java.util.LinkedHashMap<>(fresh.asMap());
    forged.put(
        RequestHeaders.SIGNATURE,
        otherHeaders.create(node.address(), fileId, fresh.nonce()).signature());
    assertRefused(chat(forged, false), "Signature verification failed: address mismatch");

    Map<String, String> wrongUser = new java.util.LinkedHashMap<>(fresh.asMap());
    wrongUser.put(RequestHeaders.USER, Credentials.create(ALITH_KEY).getAddress());
    HttpResponse<String> refused = chat(wrongUser, false);
    assertThat(refused.statusCode()).isEqualTo(401);

    Map<String, String> lowerCase = new java.util.LinkedHashMap<>(fresh.asMap());
    lowerCase.put(RequestHeaders.USER, javaUser.toLowerCase(java.util.Locale.ROOT));
    assertThat(chat(lowerCase, false).statusCode()).isEqualTo(401);
    assertThat(inference.getAccount(javaUser, node.address()).send().balance)
        .isEqualTo(account.balance);
  }

  @Test
  void aFileWithoutTheRegistryPermissionOrWithAnotherKeysIsADataQueryFailure() throws Exception {
    AIProcess.Account before = inference.getAccount(javaUser, node.address()).send();
    for (BigInteger file : List.of(fileWithoutPermission, fileWithWrongPermission)) {
      RequestHeaders headers = javaHeaders.createAbove(node.address(), file, before.nonce);
      HttpResponse<String> response = chat(headers.asMap(), false);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      JsonNode error = JSON.readTree(response.body()).get("error");
      assertThat(error.get("message").asString()).startsWith("Data query failed: ");
      assertThat(error.get("type").asString()).isEqualTo("bad_request_error");
      assertThat(response.body()).doesNotContain("7341");
    }
    assertThat(inference.getAccount(javaUser, node.address()).send().balance)
        .isEqualTo(before.balance);

    // The data query runs before the headers are validated (the reference's middleware order).
    HttpResponse<String> unauthenticated =
        chat(Map.of(RequestHeaders.FILE_ID, fileWithoutPermission.toString()), false);
    assertThat(unauthenticated.statusCode()).isEqualTo(400);
    assertThat(unauthenticated.body()).contains("Data query failed: ");
  }

  @Test
  void aSettlementThatRevertsIsA500InsteadOfTheCompletion() throws Exception {
    Settlement settlement = Settlement.load(devnet.settlement(), web3, manager(POOR_KEY), gas());
    settlement.addUser(BigInteger.valueOf(1_000)).send();
    settlement.depositInference(node.address(), BigInteger.ONE).send();
    var poor =
        new SettlementHeaders(
            KeySigner.of(POOR_KEY, "test key"), new SettlementNonces(Clock.systemUTC(), RANDOM));
    HttpResponse<String> response = chat(poor.create(node.address(), fileId).asMap(), false);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(500);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("message").asString()).startsWith("Error in token billing process: ");
    assertThat(error.get("type").asString()).isEqualTo("internal_error");
    assertThat(response.body()).doesNotContain("7341");
    AIProcess.Account account =
        inference.getAccount(Credentials.create(POOR_KEY).getAddress(), node.address()).send();
    assertThat(account.balance).isEqualTo(BigInteger.ONE);
    assertThat(account.nonce).isZero();
  }

  @Test
  void missingHeadersAreRefused() throws Exception {
    HttpResponse<String> response = chat(Map.of(), false);
    assertRefused(response, "'X-LazAI-User'");
  }

  @Test
  void queryRagAnswersTheMostRelevantChunksOfTheFile() throws Exception {
    AIProcess.Account account = inference.getAccount(javaUser, node.address()).send();
    RequestHeaders headers = javaHeaders.createAbove(node.address(), null, account.nonce);
    String body =
        JSON.createObjectNode()
            .put("file_id", fileId)
            .put("query", QUESTION)
            .put("limit", 2)
            .toString();
    HttpResponse<String> response = post("/query/rag", headers.asMap(), body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("data")).hasSize(2);
    assertThat(answer.at("/data/0").asString()).contains(FACT);
    assertThat(answer.get("owner").asString())
        .isEqualToIgnoringCase(Credentials.create(OWNER_KEY).getAddress());
    assertThat(answer.get("file_id").asLong()).isEqualTo(fileId.longValueExact());
    assertThat(answer.get("file_url").asString()).endsWith("/ipfs/aurora");
  }

  private static AIProcess.Account settledJavaAccount() throws Exception {
    AIProcess.Account account = inference.getAccount(javaUser, node.address()).send();
    if (account.nonce.signum() == 0) {
      RequestHeaders headers = javaHeaders.create(node.address(), null);
      assertThat(chat(headers.asMap(), false).statusCode()).isEqualTo(200);
      account = inference.getAccount(javaUser, node.address()).send();
    }
    return account;
  }

  private static void assertRefused(JsonNode reply, String message) {
    assertThat(reply.get("status").asInt()).as(reply.toString()).isEqualTo(401);
    assertThat(reply.at("/body/error/type").asString()).isEqualTo("authentication_error");
    assertThat(reply.at("/body/error/message").asString())
        .startsWith("Validate the request header failed: ")
        .contains(message);
  }

  private static void assertRefused(HttpResponse<String> response, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("type").asString()).isEqualTo("authentication_error");
    assertThat(error.get("message").asString())
        .startsWith("Validate the request header failed: ")
        .contains(message);
  }

  private static HttpResponse<String> chat(Map<String, String> headers, boolean stream)
      throws Exception {
    var body = JSON.createObjectNode().put("model", "any").put("stream", stream);
    body.putArray("messages").addObject().put("role", "user").put("content", QUESTION);
    return post(InferencePipeline.CHAT, headers, body.toString());
  }

  private static HttpResponse<String> post(String path, Map<String, String> headers, String body)
      throws Exception {
    var builder =
        HttpRequest.newBuilder(URI.create(node.localUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(builder::header);
    return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The {@code amount} of every BalanceUpdated(user, node, …) the Inference contract emitted. */
  private static List<BigInteger> balanceUpdates(String user) throws Exception {
    var filter =
        new EthFilter(
            DefaultBlockParameterName.EARLIEST,
            DefaultBlockParameterName.LATEST,
            devnet.inference());
    filter.addSingleTopic(EventEncoder.encode(AIProcess.BALANCEUPDATED_EVENT));
    filter.addSingleTopic("0x" + TypeEncoder.encode(new Address(user)));
    filter.addSingleTopic("0x" + TypeEncoder.encode(new Address(node.address())));
    List<EthLog.LogResult> logs = web3.ethGetLogs(filter).send().getLogs();
    return logs.stream()
        .map(r -> (Log) r.get())
        .map(l -> Numeric.toBigInt(l.getData().substring(0, 66)))
        .toList();
  }

  private static BigInteger registerFile(
      Map<String, byte[]> bodies, String name, RSAPublicKey permissionKey) throws Exception {
    String password =
        "0x" + Addresses.checksummed(Credentials.create(OWNER_KEY).getAddress()) + name;
    PasswordCipher cipher = new PasswordCipher(Clock.systemUTC(), RANDOM);
    bodies.put(name, cipher.encrypt(TEXT.getBytes(StandardCharsets.UTF_8), password));
    String url = "http://127.0.0.1:" + files.getAddress().getPort() + "/ipfs/" + name;
    DataRegistry registry =
        DataRegistry.load(devnet.dataRegistry(), web3, manager(OWNER_KEY), gas());
    registry.addFile(url, "").send();
    BigInteger id = registry.getFileIdByUrl(url).send();
    if (permissionKey != null) {
      String wrapped = RsaKeyWrap.wrap(permissionKey, password, RsaScheme.PKCS1_V15);
      registry.addPermissionForFile(id, devnet.dataRegistry(), wrapped).send();
    }
    return id;
  }

  private static RawTransactionManager manager(String key) {
    return new RawTransactionManager(web3, Credentials.create(key), CHAIN_ID);
  }

  private static StaticGasProvider gas() {
    return new StaticGasProvider(
        BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(3_000_000));
  }
}
