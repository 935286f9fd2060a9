package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.web3j.contracts.DataAnchoringToken;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;
import social.gm2.lazai.devnet.SimulatedNode;
import social.gm2.lazai.devnet.SimulatedNodeSettings;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestServices;

/**
 * One mint end to end, in the whole service: Hardhat with the devnet contracts, the simulated node
 * with real decryption, the local IPFS store served by the service itself, MariaDB. Then the chain
 * is asked what happened: exactly one of each event for the file, and one DAT minted to the
 * treasury wallet with the score the node derived from the real plaintext.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MintPipelineIT {
  private static final String DATABASE = TestServices.createDatabase();
  private static final String TREASURY_KEY = HardhatNode.KEYS.get(2);
  private static final String TOKEN = "0x00000000000000000000000000000000000000a1";
  private static HardhatNode chain;
  private static DevnetDeployment devnet;
  private static SimulatedNode node;
  private static Web3j web3;

  @Autowired MintService mints;
  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    chain = HardhatNode.start();
    web3 = Web3j.build(new HttpService(chain.url()));
    devnet = DevnetDeployment.deploy(chain, List.of());
    node =
        SimulatedNode.start(
            SimulatedNodeSettings.of(
                    chain.url(),
                    devnet.dataRegistry(),
                    devnet.verifiedComputing(),
                    HardhatNode.KEYS.get(1))
                .withMaintainerKey(HardhatNode.KEYS.get(0)));
    int port = freePort();
    Path store = Files.createTempDirectory("ipfs");
    TestServices.register(registry, DATABASE);
    registry.add("server.port", () -> port);
    registry.add("lazai.chain.private-key", () -> TREASURY_KEY);
    registry.add("lazai.chain.rpc-url", chain::url);
    registry.add("lazai.chain.verified-computing-address", devnet::verifiedComputing);
    registry.add("lazai.chain.data-registry-address", devnet::dataRegistry);
    registry.add("lazai.chain.deployment-block", devnet::deploymentBlock);
    registry.add("lazai.chain.max-head-age", () -> "0s");
    registry.add("lazai.chain.allowed-node-networks", () -> "127.0.0.0/8");
    registry.add("lazai.chain.transactions.poll-interval", () -> "50ms");
    registry.add("lazai.storage.provider", () -> "local");
    registry.add("lazai.storage.local.directory", store::toString);
    registry.add("lazai.storage.local.public-base-url", () -> "http://127.0.0.1:" + port);
  }

  @AfterAll
  static void stop() {
    node.close();
    web3.shutdown();
    chain.close();
    TestServices.dropDatabase(DATABASE);
  }

  @Test
  void aTokenIsMintedOnceWithTheScoreOfItsRealPlaintext() throws Exception {
    byte[] data = "my meme's private AI training notes".getBytes(StandardCharsets.UTF_8);

    Mint submitted = mints.submit(TOKEN, "notes.txt", data);
    assertThat(mints.submit(TOKEN, "other.txt", new byte[] {9}).id()).isEqualTo(submitted.id());
    Mint done = mints.process(TOKEN);

    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertThat(done.url()).startsWith("http://127.0.0.1:").contains("/ipfs/" + done.cid());
    BigInteger score =
        BigInteger.ONE.add(
            new BigInteger(1, MessageDigest.getInstance("SHA-256").digest(data))
                .mod(BigInteger.valueOf(10_000)));
    assertThat(done.datAmount()).isEqualTo(score);
    String treasury = Credentials.create(TREASURY_KEY).getAddress();
    var token =
        DataAnchoringToken.load(
            devnet.dataAnchoringToken(),
            web3,
            Credentials.create(TREASURY_KEY),
            new org.web3j.tx.gas.DefaultGasProvider());
    assertThat(token.balanceOf(treasury, done.datTokenId()).send()).isEqualTo(score);

    String file = topic(done.fileId());
    assertThat(
            events(devnet.dataRegistry(), EventEncoder.encode(DataRegistry.FILEADDED_EVENT), file))
        .isEqualTo(1);
    assertThat(
            events(
                devnet.verifiedComputing(),
                EventEncoder.encode(VerifiedComputing.JOBSUBMITTED_EVENT),
                null,
                file))
        .isEqualTo(1);
    assertThat(
            events(
                devnet.verifiedComputing(),
                EventEncoder.encode(VerifiedComputing.JOBCOMPLETE_EVENT),
                null,
                null,
                file))
        .isEqualTo(1);
    assertThat(
            events(devnet.dataRegistry(), EventEncoder.encode(DataRegistry.PROOFADDED_EVENT), file))
        .isEqualTo(1);
    assertThat(
            events(
                devnet.dataRegistry(),
                EventEncoder.encode(DataRegistry.REWARDREQUESTED_EVENT),
                null,
                file))
        .isEqualTo(1);

    Map<String, Object> legacy =
        jdbc.queryForMap("SELECT * FROM LazAIMintDAT WHERE tokenAddress = ?", TOKEN);
    assertThat(legacy.get("fileId").toString()).isEqualTo(done.fileId().toString());
    assertThat(legacy.get("jobId").toString()).isEqualTo(done.jobId().toString());
    assertThat(legacy.get("transactionHash")).isEqualTo(done.rewardTxHash());
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mint_payload", Integer.class))
        .as("ciphertext dropped after the reward")
        .isZero();
    assertThat(mints.process(TOKEN).state())
        .as("processing again changes nothing")
        .isEqualTo(MintState.REWARDED);
  }

  private static long events(String address, String event, String... topics) throws IOException {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, address);
    filter.addSingleTopic(event);
    for (String topic : topics) {
      if (topic == null) {
        filter.addNullTopic();
      } else {
        filter.addSingleTopic(topic);
      }
    }
    return web3.ethGetLogs(filter).send().getLogs().size();
  }

  private static String topic(BigInteger value) {
    return String.format("0x%064x", value);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
