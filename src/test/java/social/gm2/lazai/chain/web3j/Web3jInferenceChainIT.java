package social.gm2.lazai.chain.web3j;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.InferenceAccountState;
import social.gm2.lazai.chain.InferenceChain;
import social.gm2.lazai.chain.web3j.contracts.AIProcess;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.inference.InferenceAccount;
import social.gm2.lazai.inference.InferenceChainContract;
import social.gm2.lazai.inference.InferenceProperties;
import social.gm2.lazai.inference.SettlementHeaders;
import social.gm2.lazai.inference.SettlementNonces;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestSenders;
import social.gm2.lazai.support.TestServices;

/**
 * The inference chain port's contract on {@link Web3jInferenceChain}: real Hardhat with the devnet
 * Settlement and Inference contracts, the durable sender on the real MariaDB. The service wallet is
 * Hardhat #8 (no Settlement user yet); the inference node, Hardhat #7, settles as the node does,
 * with the wallet's settlement-header signature.
 */
class Web3jInferenceChainIT extends InferenceChainContract {
  private static final String WALLET_KEY = HardhatNode.KEYS.get(6);
  private static final String NODE_KEY = HardhatNode.KEYS.get(7);
  private static final String NODE_URL = "http://127.0.0.1:18777";

  private static HardhatNode hardhat;
  private static Web3j web3;
  private static String database;
  private static HikariDataSource dataSource;
  private static DevnetDeployment devnet;
  private static Web3jInferenceChain chain;
  private static String node;

  @BeforeAll
  static void start() throws Exception {
    hardhat = HardhatNode.start();
    web3 = Web3j.build(new HttpService(hardhat.url()));
    var rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    node = Credentials.create(NODE_KEY).getAddress().toLowerCase(Locale.ROOT);
    String pem = RsaKeys.toPkcs1Pem((RSAPublicKey) rsa.generateKeyPair().getPublic());
    devnet =
        DevnetDeployment.deploy(
            hardhat, List.of(), List.of(new DevnetDeployment.Node(node, NODE_URL, pem)), null);
    database = TestServices.createDatabase();
    dataSource = TestServices.migratedDataSource(database);
    chain =
        Web3jInferenceChain.connect(
            web3,
            TestSenders.sender(web3, hardhat.url(), WALLET_KEY, dataSource, Duration.ofMinutes(1)),
            devnet.inference(),
            devnet.settlement(),
            hardhat.url());
  }

  @AfterAll
  static void stop() {
    if (web3 != null) {
      web3.shutdown();
    }
    if (dataSource != null) {
      dataSource.close();
      TestServices.dropDatabase(database);
    }
    if (hardhat != null) {
      hardhat.close();
    }
  }

  /**
   * Requests arriving together for a wallet with no Settlement user yet: each waits for the same
   * two transactions, so the wallet sends exactly one {@code addUser} and one {@code
   * depositInference} (its nonce on chain is 2) and every request sees the funded account.
   */
  @Test
  void requestsArrivingTogetherSetTheAccountUpOnce() throws Exception {
    String key = HardhatNode.KEYS.get(5);
    Web3jInferenceChain fresh =
        Web3jInferenceChain.connect(
            web3,
            TestSenders.sender(web3, hardhat.url(), key, dataSource, Duration.ofMinutes(1)),
            devnet.inference(),
            devnet.settlement(),
            hardhat.url());
    var account =
        new InferenceAccount(
            fresh,
            new InferenceProperties(
                true,
                devnet.inference(),
                devnet.settlement(),
                null,
                BigInteger.valueOf(1_000_000),
                BigInteger.valueOf(300_000),
                BigInteger.valueOf(100_000),
                null,
                null,
                null));
    var pool = Executors.newFixedThreadPool(6);
    try {
      var ready = new ArrayList<Future<InferenceAccountState>>();
      for (int i = 0; i < 6; i++) {
        ready.add(pool.submit(() -> account.ready(node)));
      }
      for (var each : ready) {
        assertThat(each.get(2, TimeUnit.MINUTES).balance()).isEqualTo(BigInteger.valueOf(300_000));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            web3.ethGetTransactionCount(
                    Credentials.create(key).getAddress(), DefaultBlockParameterName.LATEST)
                .send()
                .getTransactionCount())
        .as("transactions the wallet sent: one addUser, one depositInference")
        .isEqualTo(BigInteger.TWO);
  }

  @Override
  protected InferenceChain chain() {
    return chain;
  }

  @Override
  protected String node() {
    return node;
  }

  @Override
  protected String nodeUrl() {
    return NODE_URL;
  }

  @Override
  protected ChainTx settle(String id, BigInteger cost, BigInteger nonce) throws Exception {
    var headers =
        new SettlementHeaders(
                TestSenders.signer(WALLET_KEY),
                new SettlementNonces(Clock.systemUTC(), new SecureRandom()))
            .create(node, null, nonce);
    var manager =
        new RawTransactionManager(
            web3,
            Credentials.create(NODE_KEY),
            ChainProperties.LAZAI_TESTNET_CHAIN_ID,
            new PollingTransactionReceiptProcessor(web3, 20, 1500));
    AIProcess asNode =
        AIProcess.load(
            devnet.inference(),
            web3,
            manager,
            new StaticGasProvider(
                BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(1_000_000)));
    TransactionReceipt receipt =
        asNode
            .settlementFees(
                new AIProcess.Settlement(
                    new byte[0],
                    new AIProcess.SettlementData(
                        id,
                        chain.wallet(),
                        cost,
                        nonce,
                        HexFormat.of().parseHex(headers.signature().substring(2)))))
            .send();
    if (!receipt.isStatusOK()) {
      throw new AssertionError("settlementFees reverted: " + receipt);
    }
    return new ChainTx(receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
  }
}
