package social.gm2.lazai.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.web3j.contracts.DataAnchoringToken;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintProperties;
import social.gm2.lazai.mint.MintRunner;
import social.gm2.lazai.mint.MintService;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.mint.MintStore;
import social.gm2.lazai.mint.proofnode.HttpProofNode;
import social.gm2.lazai.mint.step.MintSteps;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.ServiceDevnet;

/**
 * The whole service with a sender pool on Hardhat: the service wallet (#2) and three fresh wallets
 * funded from devnet account #6, configured as {@code lazai.signer.pool[i]}, with a treasury. Mints
 * run concurrently; the chain is then asked who sent what: each wallet's nonces are its own and
 * contiguous, every write of a mint comes from the wallet that registered its file, each DAT was
 * minted to that wallet and moved to the treasury by exactly one transfer. A second instance
 * without a treasury leaves the DATs with their registering wallets.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SenderPoolIT {
  private static final int MEMBERS = 3;
  private static final String TREASURY = "0x00000000000000000000000000000000000047d5";
  private static final String TRANSFER_SINGLE =
      EventEncoder.encode(DataAnchoringToken.TRANSFERSINGLE_EVENT);
  private static final List<String> MEMBER_KEYS = new ArrayList<>();
  private static ServiceDevnet env;
  private static Web3j web3;

  @Autowired MintService service;
  @Autowired MintProperties properties;
  @Autowired MintStore mints;
  @Autowired LazaiChain chain;
  @Autowired SenderPool senders;
  @Autowired Signer serviceWallet;
  @Autowired ContentStore content;
  @Autowired JdbcTemplate jdbc;
  @Autowired TransactionTemplate transactions;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    env = new ServiceDevnet();
    env.register(registry);
    web3 = Web3j.build(new HttpService(env.chain.url()));
    var funder =
        new Transfer(
            web3,
            new RawTransactionManager(
                web3,
                Credentials.create(HardhatNode.KEYS.get(6)),
                ChainProperties.LAZAI_TESTNET_CHAIN_ID,
                new PollingTransactionReceiptProcessor(web3, 20, 1500)));
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < MEMBERS; i++) {
      byte[] key = new byte[32];
      random.nextBytes(key);
      String hex = "0x" + HexFormat.of().formatHex(key);
      MEMBER_KEYS.add(hex);
      String address = Credentials.create(hex).getAddress();
      assertThat(funder.sendFunds(address, BigDecimal.TEN, Convert.Unit.ETHER).send().isStatusOK())
          .isTrue();
      int index = i;
      registry.add("lazai.signer.pool[" + index + "].private-key", () -> hex);
    }
    registry.add("lazai.mint.treasury-address", () -> TREASURY);
    registry.add("lazai.mint.retry-delay", () -> "1h");
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
  void mintsSpreadOverThePoolEachWrittenByItsOwnWalletAndEachDatMovedToTheTreasuryOnce()
      throws Exception {
    List<String> wallets = senders.wallets();
    assertThat(wallets)
        .hasSize(MEMBERS + 1)
        .startsWith(serviceWallet.address().toLowerCase(Locale.ROOT))
        .isEqualTo(chain.wallets());
    for (int i = 0; i < MEMBERS; i++) {
      assertThat(wallets.get(i + 1))
          .isEqualTo(Credentials.create(MEMBER_KEYS.get(i)).getAddress().toLowerCase(Locale.ROOT));
    }

    Map<String, Long> before = new HashMap<>();
    for (String wallet : wallets) {
      before.put(wallet, sent(wallet));
    }

    List<Mint> done = runConcurrently(service, 12, 0xa000);

    Map<String, List<Mint>> byWallet = new HashMap<>();
    for (Mint mint : done) {
      assertThat(mint.state()).as(mint.tokenAddress()).isEqualTo(MintState.REWARDED);
      String wallet = wallets.get((int) (mint.id() % wallets.size()));
      assertThat(mint.wallet()).isEqualTo(wallet);
      byWallet.computeIfAbsent(wallet, w -> new ArrayList<>()).add(mint);
      assertWrittenBy(mint, wallet);
      assertThat(mint.datOwner()).isEqualTo(TREASURY);
      assertThat(from(mint.transferTxHash())).isEqualTo(wallet);
      assertThat(chain.datBalance(wallet, mint.datTokenId())).isZero();
      assertThat(chain.datBalance(TREASURY, mint.datTokenId())).isEqualTo(mint.datAmount());
      assertThat(transfers(wallet, TREASURY, mint.datTokenId()))
          .as("exactly one transfer of DAT %s", mint.datTokenId())
          .containsExactly(mint.transferTxHash());
    }
    assertThat(byWallet).as("every wallet minted").containsOnlyKeys(wallets);
    for (String wallet : wallets) {
      assertOwnNonceStream(wallet, before.get(wallet) + 4 * byWallet.get(wallet).size());
    }

    // Processing again sends nothing: every intent is answered by its stored transaction.
    for (Mint mint : done) {
      assertThat(service.process(mint.tokenAddress()).transferTxHash())
          .isEqualTo(mint.transferTxHash());
    }
    for (String wallet : wallets) {
      assertOwnNonceStream(wallet, before.get(wallet) + 4 * byWallet.get(wallet).size());
    }
  }

  @Test
  void withoutATreasuryEachDatStaysWithTheWalletThatRegisteredItsFile() throws Exception {
    MintProperties settings = withoutTreasury();
    Clock clock = Clock.systemUTC();
    MintStore store = new MintStore(jdbc, transactions, clock, false, event -> {});
    List<Mint> done;
    try (MintRunner runner =
        new MintRunner(store, steps(settings, store, clock), settings, clock, "no-treasury")) {
      MintService noTreasury =
          new MintService(
              store,
              runner,
              settings,
              serviceWallet,
              new PasswordCipher(clock, new SecureRandom()),
              clock);
      done = runConcurrently(noTreasury, senders.size(), 0xb000);
    }

    for (Mint mint : done) {
      assertThat(mint.state()).isEqualTo(MintState.REWARDED);
      assertWrittenBy(mint, mint.wallet());
      assertThat(mint.datOwner()).isEqualTo(mint.wallet());
      assertThat(mint.transferTxHash()).isNull();
      assertThat(chain.datBalance(mint.wallet(), mint.datTokenId())).isEqualTo(mint.datAmount());
      assertThat(transfers(mint.wallet(), TREASURY, mint.datTokenId())).isEmpty();
    }
    assertThat(done).extracting(Mint::wallet).doesNotHaveDuplicates();
  }

  /** The mint's addFile, requestProof and requestReward were all sent by {@code wallet}. */
  private void assertWrittenBy(Mint mint, String wallet) throws Exception {
    assertThat(chain.file(new FileId(mint.fileId())).owner()).isEqualTo(wallet);
    assertThat(chain.job(new JobId(mint.jobId())).owner()).isEqualTo(wallet);
    assertThat(from(mint.registerTxHash())).isEqualTo(wallet);
    assertThat(from(mint.proofTxHash())).isEqualTo(wallet);
    assertThat(from(mint.rewardTxHash())).isEqualTo(wallet);
    assertThat(chain.rewardOf(new FileId(mint.fileId())).orElseThrow().owner())
        .as("the DAT was minted to the file owner")
        .isEqualTo(wallet);
  }

  /**
   * The wallet's transactions are its own nonce stream: {@code expected} of them on chain, every
   * one sent by the service (stored with the nonces 0 to expected - 1, none dropped or replaced).
   */
  private void assertOwnNonceStream(String wallet, long expected) throws Exception {
    List<Long> nonces =
        jdbc.queryForList(
            "SELECT nonce FROM chain_tx WHERE wallet = ? ORDER BY nonce", Long.class, wallet);
    assertThat(sent(wallet)).as("transactions of %s", wallet).isEqualTo(expected);
    assertThat(nonces).as("nonces of %s", wallet).hasSize((int) expected);
    for (int i = 0; i < nonces.size(); i++) {
      assertThat(nonces.get(i)).as("nonce %d of %s", i, wallet).isEqualTo(i);
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM chain_tx WHERE wallet = ? AND state <> 'MINED'",
                Integer.class,
                wallet))
        .isZero();
  }

  private static long sent(String wallet) throws Exception {
    return web3.ethGetTransactionCount(wallet, DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount()
        .longValueExact();
  }

  private List<Mint> runConcurrently(MintService on, int count, int firstToken) throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(8);
    try {
      List<Future<Mint>> runs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String token = String.format("0x%040x", firstToken + i);
        on.submit(token, "pool.txt", token.getBytes(StandardCharsets.UTF_8));
        runs.add(workers.submit(() -> untilSettled(on, token)));
      }
      List<Mint> done = new ArrayList<>();
      for (Future<Mint> run : runs) {
        done.add(run.get(3, TimeUnit.MINUTES));
      }
      return done;
    } finally {
      workers.shutdownNow();
    }
  }

  private Mint untilSettled(MintService on, String token) {
    return Await.until(
        Duration.ofMinutes(3),
        () -> {
          try {
            return on.process(token);
          } catch (MintStepException e) {
            return mints.find(token).orElseThrow();
          }
        },
        mint -> mint.state().settled());
  }

  /** The transaction hashes of the DAT's TransferSingle logs from {@code from} to {@code to}. */
  private List<String> transfers(String from, String to, BigInteger tokenId) throws Exception {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameterName.EARLIEST,
            DefaultBlockParameterName.LATEST,
            env.devnet.dataAnchoringToken());
    filter.addSingleTopic(TRANSFER_SINGLE);
    filter.addNullTopic();
    filter.addSingleTopic(topic(from));
    filter.addSingleTopic(topic(to));
    List<String> hashes = new ArrayList<>();
    for (var result : web3.ethGetLogs(filter).send().getLogs()) {
      Log log = (Log) result.get();
      String data = log.getData().substring(2);
      if (new BigInteger(data.substring(0, 64), 16).equals(tokenId)) {
        hashes.add(log.getTransactionHash());
      }
    }
    return hashes;
  }

  private static String from(String txHash) throws Exception {
    return web3.ethGetTransactionByHash(txHash)
        .send()
        .getTransaction()
        .orElseThrow()
        .getFrom()
        .toLowerCase(Locale.ROOT);
  }

  private static String topic(String address) {
    return "0x" + "0".repeat(24) + address.substring(2).toLowerCase(Locale.ROOT);
  }

  /** The steps of another instance on the same pool, database and store, with these settings. */
  private List<social.gm2.lazai.mint.MintStep> steps(
      MintProperties settings, MintStore store, Clock clock) {
    return MintSteps.of(
        new MintSteps.Ports(
            content,
            chain,
            new HttpProofNode(
                new social.gm2.lazai.chain.NodeUrlPolicy(List.of("127.0.0.0/8")),
                Duration.ofSeconds(2),
                Duration.ofSeconds(30)),
            serviceWallet,
            new SimpleMeterRegistry()),
        store,
        settings,
        clock);
  }

  private MintProperties withoutTreasury() {
    MintProperties p = properties;
    return new MintProperties(
        p.encryptionSeed(),
        p.seedPolicy(),
        p.maxDataSize(),
        p.rsaScheme(),
        p.nodeConnectTimeout(),
        p.nodeReadTimeout(),
        p.legacyAttestedAtReward(),
        p.proofDeadline(),
        p.proofDeadlinePolicy(),
        p.maxProofRequests(),
        p.leaseDuration(),
        p.sweepInterval(),
        p.retryDelay(),
        p.workers(),
        p.nodeConcurrency(),
        null);
  }
}
