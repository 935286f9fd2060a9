package social.gm2.lazai.mint;

import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.chain.web3j.Web3jLazaiChain;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.devnet.SimulatedNode;
import social.gm2.lazai.devnet.SimulatedNodeSettings;
import social.gm2.lazai.mint.proofnode.HttpProofNode;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.storage.StorageProperties;
import social.gm2.lazai.storage.local.LocalStorageConfiguration;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestSenders;
import social.gm2.lazai.support.TestServices;

/**
 * The proof node's contract on {@link social.gm2.lazai.mint.proofnode.HttpProofNode} against two
 * real simulated nodes (Hardhat #1 and #3, registered by the maintainer #0) on Hardhat with the
 * devnet contracts; the files are on the real local IPFS store served over HTTP by its gateway, and
 * the service's chain adapter (wallet #2) opens the jobs.
 */
class HttpProofNodeContractIT extends ProofNodeContract {
  private static HardhatNode hardhat;
  private static Web3j web3;
  private static DevnetDeployment devnet;
  private static SimulatedNode first;
  private static SimulatedNode second;
  private static ConfigurableApplicationContext storage;
  private static String database;
  private static HikariDataSource dataSource;
  private static Web3jLazaiChain chain;
  private static final HttpProofNode CLIENT =
      new HttpProofNode(
          new NodeUrlPolicy(List.of("127.0.0.0/8")), Duration.ofSeconds(2), Duration.ofSeconds(60));

  /**
   * The storage configuration alone, in an embedded Tomcat on a random port. A test configuration,
   * so that the application's component scan in other tests leaves it out (this class declares no
   * test method of its own, which is how Boot otherwise recognises a test class).
   */
  @TestConfiguration(proxyBeanMethods = false)
  @EnableConfigurationProperties(StorageProperties.class)
  @Import(LocalStorageConfiguration.class)
  static class StorageOnly {
    @Bean
    TomcatServletWebServerFactory tomcat() {
      return new TomcatServletWebServerFactory(0);
    }

    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    hardhat = HardhatNode.start();
    web3 = Web3j.build(new HttpService(hardhat.url()));
    devnet = DevnetDeployment.deploy(hardhat, List.of());
    first = node(HardhatNode.KEYS.get(1));
    second = node(HardhatNode.KEYS.get(3));
    storage =
        new SpringApplicationBuilder(StorageOnly.class)
            .web(WebApplicationType.SERVLET)
            .properties(
                "lazai.storage.provider=local",
                // No chain here: the loopback share URLs are the devnet's, which this stands for.
                "lazai.chain.devnet=true",
                "lazai.storage.local.directory=" + Files.createTempDirectory("ipfs"))
            .run();
    database = TestServices.createDatabase();
    dataSource = TestServices.migratedDataSource(database);
    var sender =
        TestSenders.sender(
            web3, hardhat.url(), HardhatNode.KEYS.get(2), dataSource, Duration.ofMinutes(1));
    chain =
        Web3jLazaiChain.connect(
            web3,
            sender,
            devnet.dataRegistry(),
            devnet.verifiedComputing(),
            hardhat.url(),
            devnet.deploymentBlock());
  }

  private static SimulatedNode node(String key) throws Exception {
    return SimulatedNode.start(
        SimulatedNodeSettings.of(
                hardhat.url(), devnet.dataRegistry(), devnet.verifiedComputing(), key)
            .withMaintainerKey(HardhatNode.KEYS.get(0)));
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable open : new AutoCloseable[] {first, second, storage}) {
      try {
        if (open != null) {
          open.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    if (dataSource != null) {
      dataSource.close();
      TestServices.dropDatabase(database);
    }
    if (web3 != null) {
      web3.shutdown();
      hardhat.close();
    }
  }

  @Override
  protected ProofNode proofNode() {
    return CLIENT;
  }

  @Override
  protected LazaiChain chain() {
    return chain;
  }

  @Override
  protected String publish(byte[] ciphertext) {
    return storage
        .getBean(ContentStore.class)
        .put(new ByteArrayInputStream(ciphertext), ciphertext.length, "data.pgp")
        .shareUrl();
  }

  /** The file's ProofAdded logs, from anyone. */
  @Override
  protected int proofsOf(FileId file) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameterName.EARLIEST,
            DefaultBlockParameterName.LATEST,
            devnet.dataRegistry());
    filter.addSingleTopic(EventEncoder.encode(DataRegistry.PROOFADDED_EVENT));
    filter.addSingleTopic("0x" + TypeEncoder.encode(new Uint256(file.value())));
    try {
      return web3.ethGetLogs(filter).send().getLogs().size();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected List<String> nodes() {
    return List.of(lower(first.address()), lower(second.address()));
  }

  /** A loopback port nobody listens on: the connection is refused. */
  @Override
  protected String silentNodeUrl() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String lower(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
