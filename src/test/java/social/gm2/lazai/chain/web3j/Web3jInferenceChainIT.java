package social.gm2.lazai.chain.web3j;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.InferenceChain;
import social.gm2.lazai.chain.web3j.contracts.AIProcess;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.inference.InferenceChainContract;
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
