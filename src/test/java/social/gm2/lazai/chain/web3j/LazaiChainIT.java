package social.gm2.lazai.chain.web3j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.ContractError;
import social.gm2.lazai.chain.tx.TransactionSender;
import social.gm2.lazai.chain.tx.TxIntent;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.MovableClock;
import social.gm2.lazai.support.TestSenders;
import social.gm2.lazai.support.TestServices;

/**
 * What is particular to {@link Web3jLazaiChain} on the devnet contracts: binding checks, the
 * sender's view of a mined revert, the chain health. The port's behaviour (the whole DAT flow,
 * typed reverts, intents, reorgs) is {@code LazaiChainContract}'s, run by {@link
 * Web3jLazaiChainContractIT}.
 */
class LazaiChainIT {
  private static final String OWNER_KEY = HardhatNode.KEYS.get(2);

  private static HardhatNode chain;
  private static Web3j web3;
  private static String database;
  private static HikariDataSource dataSource;
  private static DevnetDeployment devnet;

  @BeforeAll
  static void start() throws Exception {
    chain = HardhatNode.start();
    web3 = Web3j.build(new HttpService(chain.url()));
    devnet = DevnetDeployment.deploy(chain, List.of());
    database = TestServices.createDatabase();
    dataSource = TestServices.migratedDataSource(database);
  }

  @AfterAll
  static void stop() {
    web3.shutdown();
    dataSource.close();
    chain.close();
    TestServices.dropDatabase(database);
  }

  @Test
  void aRegistryThatDoesNotKnowTheConfiguredVerifiedComputingIsRefused() {
    assertThatThrownBy(
            () ->
                Web3jLazaiChain.connect(
                    web3,
                    sender(OWNER_KEY),
                    devnet.dataRegistry(),
                    devnet.dataAnchoringToken(),
                    chain.url(),
                    0))
        .hasMessageContaining("LAZAI_CONFIG.contractAddress must be the VerifiedComputing address");
  }

  @Test
  void aMinedRevertCarriesItsHashAndReasonAndARacedUrlIsAnsweredWithTheWinner() throws Exception {
    String url = "https://example.test/raced";
    var registry =
        DataRegistry.load(
            devnet.dataRegistry(),
            web3,
            Credentials.create(OWNER_KEY),
            new org.web3j.tx.gas.DefaultGasProvider());
    String call = registry.addFile(url, "").encodeFunctionCall();
    TransactionSender sender = sender(OWNER_KEY);
    chain.rpc("evm_setAutomine", "false");
    try {
      // Ours passes its estimate while the URL is free (Hardhat estimates on the pending block, so
      // a second send of ours would be refused there, unsent); a stranger paying more then
      // registers the URL ahead of it in the same block, and ours is mined reverting.
      var first =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () ->
                  sender.send(
                      new TxIntent(
                          "race 1",
                          "addFile race 1",
                          devnet.dataRegistry(),
                          BigInteger.ZERO,
                          call)));
      awaitPending(1);
      var stranger =
          new social.gm2.lazai.support.DevnetActor(
              web3,
              HardhatNode.KEYS.get(3),
              devnet.dataRegistry(),
              devnet.verifiedComputing(),
              BigInteger.valueOf(100_000_000_000L));
      var second =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return stranger.addFile(url);
                } catch (Exception e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              });
      awaitPending(2);
      chain.rpc("evm_mine");
      List<Throwable> failures = new java.util.ArrayList<>();
      for (var send : List.of(first)) {
        try {
          send.join();
        } catch (java.util.concurrent.CompletionException e) {
          failures.add(e.getCause());
        }
      }
      assertThat(failures)
          .singleElement()
          .isInstanceOfSatisfying(
              social.gm2.lazai.chain.TransactionRevertedException.class,
              e -> {
                assertThat(e.txHash()).startsWith("0x").hasSize(66);
                assertThat(ContractError.of(e.revertData()))
                    .contains(ContractError.FILE_URL_ALREADY_USED);
              });
      assertThat(second.join()).as("the stranger's file").isPositive();
      // §13.6: the port answers a raced URL with the file that won.
      Web3jLazaiChain owner = chainFor(OWNER_KEY);
      assertThat(owner.addFile("race 3", url, "").file().id())
          .isEqualTo(owner.fileIdByUrl(url).orElseThrow());
    } finally {
      chain.rpc("evm_setAutomine", "true");
    }
  }

  @Test
  void chainHealthChecksTheChainIdAndThatTheHeadMoves() throws Exception {
    var clock = new MovableClock();
    assertThat(health(133_718, Duration.ofMinutes(5), clock).getStatus().getCode()).isEqualTo("UP");

    var wrongChain = health(1, Duration.ofMinutes(5), clock);
    assertThat(wrongChain.getStatus().getCode()).isEqualTo("DOWN");
    assertThat(wrongChain.getDetails().get("problem").toString())
        .contains("serves chain 133718, configured 1");

    var indicator =
        new ChainHealthIndicator(web3, properties(133_718, Duration.ofSeconds(30)), clock);
    assertThat(indicator.health(true).getStatus().getCode()).isEqualTo("UP");
    clock.advance(Duration.ofSeconds(31));
    assertThat(indicator.health(true).getStatus().getCode())
        .as("no block for 31 s")
        .isEqualTo("DOWN");
    chain.rpc("evm_mine");
    assertThat(indicator.health(true).getStatus().getCode()).isEqualTo("UP");
  }

  private static void awaitPending(int transactions) {
    social.gm2.lazai.support.Await.until(
        java.time.Duration.ofSeconds(30),
        () -> chain.rpc("eth_getBlockByNumber", "\"pending\"", "false").path("result"),
        block -> block.path("transactions").size() == transactions);
  }

  private static org.springframework.boot.health.contributor.Health health(
      long chainId, Duration maxHeadAge, Clock clock) {
    return new ChainHealthIndicator(web3, properties(chainId, maxHeadAge), clock).health(true);
  }

  private static ChainProperties properties(long chainId, Duration maxHeadAge) {
    return new ChainProperties(
        social.gm2.lazai.config.Secret.valueOf(OWNER_KEY),
        chain.url(),
        devnet.verifiedComputing(),
        devnet.dataRegistry(),
        chainId,
        0L,
        maxHeadAge,
        null,
        null);
  }

  private Web3jLazaiChain chainFor(String key) {
    return Web3jLazaiChain.connect(
        web3,
        sender(key),
        devnet.dataRegistry(),
        devnet.verifiedComputing(),
        chain.url(),
        devnet.deploymentBlock());
  }

  private TransactionSender sender(String key) {
    return TestSenders.sender(web3, chain.url(), key, dataSource, Duration.ofMinutes(1));
  }
}
