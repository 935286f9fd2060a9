package social.gm2.lazai.chain.web3j;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.LazaiChainContract;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.support.DevnetActor;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.RpcProxy;
import social.gm2.lazai.support.TestSenders;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;

/**
 * The chain port's contract on {@link Web3jLazaiChain}: real Hardhat with the devnet contracts, the
 * durable transaction sender on the real MariaDB, the service's RPC through a proxy that can be
 * taken down. Nodes (Hardhat #1, #3, #5), a stranger (#4) and the maintainer (#0) act through their
 * own wallets; the service wallet is #2.
 */
class Web3jLazaiChainContractIT extends LazaiChainContract {
  private static final String OWNER_KEY = HardhatNode.KEYS.get(2);
  private static final List<String> NODE_KEYS =
      List.of(HardhatNode.KEYS.get(1), HardhatNode.KEYS.get(3), HardhatNode.KEYS.get(5));
  private static final String STRANGER_KEY = HardhatNode.KEYS.get(4);

  private static HardhatNode hardhat;
  private static Web3j web3;
  private static Web3j proxied;
  private static RpcProxy proxy;
  private static String database;
  private static HikariDataSource dataSource;
  private static DevnetDeployment devnet;
  private static DevnetActor maintainer;
  private static Web3jLazaiChain chain;
  private static Web3jLazaiChain pool;
  private static final List<String> nodes = new ArrayList<>();
  private static final Map<String, DevnetActor> actors = new HashMap<>();
  private static final Map<String, DevnetDeployment.Node> registered = new HashMap<>();
  private static final Map<String, String> keys = new HashMap<>();
  private final List<CompletableFuture<?>> ahead = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    hardhat = HardhatNode.start();
    web3 = Web3j.build(new HttpService(hardhat.url()));
    proxy = RpcProxy.start(hardhat.url());
    proxied = Web3j.build(new HttpService(proxy.url()));
    var rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    List<DevnetDeployment.Node> toRegister = new ArrayList<>();
    for (int i = 0; i < NODE_KEYS.size(); i++) {
      String address = lower(Credentials.create(NODE_KEYS.get(i)).getAddress());
      String pem = RsaKeys.toPkcs1Pem((RSAPublicKey) rsa.generateKeyPair().getPublic());
      var node = new DevnetDeployment.Node(address, "http://127.0.0.1:1800" + i, pem);
      toRegister.add(node);
      registered.put(address, node);
      nodes.add(address);
    }
    devnet = DevnetDeployment.deploy(hardhat, toRegister);
    maintainer =
        new DevnetActor(
            web3, HardhatNode.KEYS.get(0), devnet.dataRegistry(), devnet.verifiedComputing());
    for (String key : concat(NODE_KEYS, STRANGER_KEY)) {
      var actor = new DevnetActor(web3, key, devnet.dataRegistry(), devnet.verifiedComputing());
      actors.put(lower(actor.address()), actor);
      keys.put(lower(actor.address()), key);
    }
    database = TestServices.createDatabase();
    dataSource = TestServices.migratedDataSource(database);
    chain = adapter(Duration.ofMinutes(1));
    // Hardhat #6 and #7 join the service wallet: one durable sender each, on the same database.
    var senders = new ArrayList<social.gm2.lazai.chain.tx.TransactionSender>();
    for (String key : List.of(OWNER_KEY, HardhatNode.KEYS.get(6), HardhatNode.KEYS.get(7))) {
      senders.add(TestSenders.sender(proxied, proxy.url(), key, dataSource, Duration.ofMinutes(1)));
    }
    pool =
        Web3jLazaiChain.connect(
            proxied,
            social.gm2.lazai.chain.tx.SenderPool.of(senders),
            devnet.dataRegistry(),
            devnet.verifiedComputing(),
            proxy.url(),
            devnet.deploymentBlock());
  }

  @AfterAll
  static void stop() {
    if (proxied != null) {
      proxied.shutdown();
      web3.shutdown();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (dataSource != null) {
      dataSource.close();
      TestServices.dropDatabase(database);
    }
    if (hardhat != null) {
      hardhat.close();
    }
  }

  /** Sends that a test left running finish (or fail the test) before the next one starts. */
  @AfterEach
  void finishSendsAhead() throws Exception {
    for (CompletableFuture<?> send : ahead) {
      send.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** The service's adapter, as a fresh instance builds it, reaching the chain through the proxy. */
  private static Web3jLazaiChain adapter(Duration receiptTimeout) {
    var sender = TestSenders.sender(proxied, proxy.url(), OWNER_KEY, dataSource, receiptTimeout);
    return Web3jLazaiChain.connect(
        proxied,
        sender,
        devnet.dataRegistry(),
        devnet.verifiedComputing(),
        proxy.url(),
        devnet.deploymentBlock());
  }

  @Override
  protected LazaiChain chain() {
    return chain;
  }

  @Override
  protected LazaiChain chainWithReceiptTimeout(Duration timeout) {
    return adapter(timeout);
  }

  @Override
  protected List<String> nodes() {
    return List.copyOf(nodes);
  }

  @Override
  protected String nodeUrl(String node) {
    return registered.get(node).url();
  }

  @Override
  protected String nodePublicKey(String node) {
    return registered.get(node).publicKeyPem();
  }

  @Override
  protected LazaiChain pool() {
    return pool;
  }

  /** An address nobody holds the key of: a treasury that only receives. */
  @Override
  protected String treasury() {
    return "0x00000000000000000000000000000000000047d5";
  }

  @Override
  protected String stranger() {
    return lower(Credentials.create(STRANGER_KEY).getAddress());
  }

  @Override
  protected ChainTx completeJob(String node, JobId job) {
    TransactionReceipt receipt = unchecked(() -> actors.get(node).completeJob(job.value()));
    return new ChainTx(receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
  }

  @Override
  protected void addProof(String account, FileId file, String url, int score) {
    unchecked(() -> actors.get(lower(account)).addProof(file.value(), url, score));
  }

  /** At 100 gwei: Hardhat mines its pool by fee, and the service pays the chain's gas price. */
  @Override
  protected void addFileAhead(String account, String url) {
    var payer =
        new DevnetActor(
            web3,
            keys.get(lower(account)),
            devnet.dataRegistry(),
            devnet.verifiedComputing(),
            BigInteger.valueOf(100_000_000_000L));
    ahead.add(CompletableFuture.runAsync(() -> unchecked(() -> payer.addFile(url))));
  }

  @Override
  protected void removeNode(String node) {
    unchecked(
        () -> {
          maintainer.removeNode(node);
          return null;
        });
  }

  @Override
  protected void registerAgain(String node) {
    DevnetDeployment.Node n = registered.get(node);
    unchecked(
        () -> {
          maintainer.addNode(n.address(), n.url(), n.publicKeyPem());
          return null;
        });
  }

  @Override
  protected void setNodeFee(BigInteger fee) {
    unchecked(
        () -> {
          maintainer.updateNodeFee(fee);
          return null;
        });
  }

  @Override
  protected void setRegistryPublicKey(String pem) {
    unchecked(
        () -> {
          maintainer.updateRegistryPublicKey(pem);
          return null;
        });
  }

  @Override
  protected void automine(boolean on) {
    rpc("evm_setAutomine", Boolean.toString(on));
  }

  @Override
  protected void mine() {
    rpc("evm_mine");
  }

  @Override
  protected int pendingTransactions() {
    return rpc("eth_getBlockByNumber", "\"pending\"", "false")
        .path("result")
        .path("transactions")
        .size();
  }

  @Override
  protected Runnable snapshot() {
    String id = rpc("evm_snapshot").get("result").asString();
    return () -> {
      if (!rpc("evm_revert", "\"" + id + "\"").path("result").asBoolean()) {
        throw new AssertionError("evm_revert " + id + " refused");
      }
    };
  }

  @Override
  protected void rpcDown(boolean down) {
    proxy.down(down);
  }

  @Override
  protected String verifiedComputing() {
    return devnet.verifiedComputing();
  }

  @Override
  protected long deploymentBlock() {
    return devnet.deploymentBlock();
  }

  private static JsonNode rpc(String method, String... params) {
    return unchecked(() -> hardhat.rpc(method, params));
  }

  private static <T> T unchecked(Callable<T> call) {
    try {
      return call.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> concat(List<String> keys, String key) {
    List<String> all = new ArrayList<>(keys);
    all.add(key);
    return all;
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
