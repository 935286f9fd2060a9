package social.gm2.lazai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import social.gm2.lazai.chain.web3j.contracts.AIProcess;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.Settlement;
import social.gm2.lazai.inference.RequestHeaders;
import social.gm2.lazai.inference.SettlementHeaders;
import social.gm2.lazai.inference.SettlementNonces;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintService;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.signer.key.KeySigner;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.ServiceDevnet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole service mints a file on a devnet whose DataRegistry publishes the simulated inference
 * node's key ({@link ServiceDevnet#withInference()}): the permission the service grants at mint
 * (its default RSA wrap) opens at the node, the file it uploaded to its local IPFS store decrypts
 * there, and a paying user (Hardhat #4, not the owner) gets the minted plaintext's fact back with
 * the fee settled.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MintedFileInferenceIT {
  private static final String TOKEN = "0x00000000000000000000000000000000000000e7";
  private static final String USER_KEY = HardhatNode.KEYS.get(4);
  private static final JsonMapper JSON = JsonMapper.shared();
  private static ServiceDevnet env;
  private static Web3j web3;

  @Autowired MintService service;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    env = ServiceDevnet.withInference();
    web3 = Web3j.build(new HttpService(env.chain.url()));
    env.register(registry);
    registry.add("lazai.attestation.enabled", () -> "false");
  }

  @AfterAll
  static void stop() {
    if (web3 != null) {
      web3.shutdown();
    }
    if (env != null) {
      env.close();
    }
  }

  @Test
  void aFileTheServiceMintedAnswersThroughTheInferenceNode() throws Exception {
    byte[] data =
        ("The treasure map of this meme points to island 5512.\n"
                + "It was drawn in 1740 by a sailor.\n"
                + "Holders meet on Fridays.")
            .getBytes(StandardCharsets.UTF_8);
    service.submit(TOKEN, "notes.txt", data);
    Mint done = service.process(TOKEN);
    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    var gas =
        new StaticGasProvider(BigInteger.valueOf(20_000_000_000L), BigInteger.valueOf(3_000_000));
    var manager = new RawTransactionManager(web3, Credentials.create(USER_KEY), 133_718);
    DataRegistry registry = DataRegistry.load(env.devnet.dataRegistry(), web3, manager, gas);
    assertThat(registry.getFilePermission(done.fileId(), env.devnet.dataRegistry()).send())
        .as("the service granted the DataRegistry permission at mint")
        .isNotEmpty();

    SimulatedInferenceNode node = env.inferenceNode;
    Settlement settlement = Settlement.load(env.devnet.settlement(), web3, manager, gas);
    settlement.addUser(BigInteger.TEN.pow(15)).send();
    settlement.depositInference(node.address(), BigInteger.TEN.pow(14)).send();
    var headers =
        new SettlementHeaders(
            KeySigner.of(USER_KEY, "test key"),
            new SettlementNonces(Clock.systemUTC(), new SecureRandom()));
    RequestHeaders request = headers.create(node.address(), done.fileId());
    var body = JSON.createObjectNode().put("model", "any");
    body.putArray("messages")
        .addObject()
        .put("role", "user")
        .put("content", "Where does the treasure map point?");
    var http =
        HttpRequest.newBuilder(URI.create(node.url() + "/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    request.asMap().forEach(http::header);
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode completion = JSON.readTree(response.body());
    assertThat(completion.at("/choices/0/message/content").asString())
        .isEqualTo(
            "Based on the attached data: \"The treasure map of this meme points to island 5512.\"");
    AIProcess inference = AIProcess.load(env.devnet.inference(), web3, manager, gas);
    AIProcess.Account account =
        inference.getAccount(Credentials.create(USER_KEY).getAddress(), node.address()).send();
    assertThat(account.nonce).isEqualTo(request.nonce());
    assertThat(account.balance)
        .isEqualTo(
            BigInteger.TEN
                .pow(14)
                .subtract(BigInteger.valueOf(100 * completion.at("/usage/total_tokens").asLong())));
  }
}
