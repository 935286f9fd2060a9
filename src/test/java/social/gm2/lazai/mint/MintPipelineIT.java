package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
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
import social.gm2.lazai.mint.step.MintSteps;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.ReceiptCosts;
import social.gm2.lazai.support.ServiceDevnet;
import social.gm2.lazai.support.TestSenders;

/**
 * One mint end to end, in the whole service: Hardhat with the devnet contracts, the simulated node
 * with real decryption, the local IPFS store served by the service itself, MariaDB. Then the chain
 * is asked what happened: exactly one of each event for the file, and one DAT minted to the
 * treasury wallet with the score the node derived from the real plaintext.
 */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MintPipelineIT {
  private static final String TREASURY_KEY = ServiceDevnet.TREASURY_KEY;
  private static final String TOKEN = "0x00000000000000000000000000000000000000a1";
  private static HardhatNode chain;
  private static DevnetDeployment devnet;
  private static ServiceDevnet env;
  private static Web3j web3;

  @Autowired MintService service;
  @Autowired MintProperties properties;
  @Autowired MintStore repository;
  @Autowired MintQueries queries;
  @Autowired JdbcTemplate jdbc;
  @Autowired ContentStore store;
  @Autowired org.springframework.transaction.support.TransactionTemplate transactions;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    env = new ServiceDevnet();
    chain = env.chain;
    devnet = env.devnet;
    web3 = Web3j.build(new HttpService(chain.url()));
    env.register(registry);
    // The sweeper must not finish what the crash tests leave half done.
    registry.add("lazai.mint.retry-delay", () -> "1h");
    // The pipeline's end state here is REWARDED; attestation tracking is AttestationIT's.
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
  void aTokenIsMintedOnceWithTheScoreOfItsRealPlaintext() throws Exception {
    byte[] data = "my meme's private AI training notes".getBytes(StandardCharsets.UTF_8);

    Mint submitted = service.submit(TOKEN, "notes.txt", data).mint();
    assertThat(service.submit(TOKEN, "other.txt", new byte[] {9}).mint().id())
        .isEqualTo(submitted.id());
    Mint done = service.process(TOKEN);

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

    assertExactlyOneOfEachEvent(done);

    Map<String, Object> legacy =
        jdbc.queryForMap("SELECT * FROM LazAIMintDAT WHERE tokenAddress = ?", TOKEN);
    assertThat(legacy.get("fileId").toString()).isEqualTo(done.fileId().toString());
    assertThat(legacy.get("jobId").toString()).isEqualTo(done.jobId().toString());
    assertThat(legacy.get("transactionHash")).isEqualTo(done.rewardTxHash());
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mint_payload", Integer.class))
        .as("ciphertext dropped after the reward")
        .isZero();
    assertThat(service.process(TOKEN).state())
        .as("processing again changes nothing")
        .isEqualTo(MintState.REWARDED);
  }

  /**
   * A mint interrupted after every step, and twice between a transaction's broadcast and its
   * receipt, each time resumed by a fresh instance that shares nothing with the last but the
   * database and the chain.
   */
  @Test
  void crashesAfterEveryStepAndBeforeReceiptsLeaveExactlyOneOfEachEvent() throws Exception {
    String token = "0x00000000000000000000000000000000000000c2";
    byte[] data = "resumed after every crash".getBytes(StandardCharsets.UTF_8);
    instance(Duration.ofMinutes(1), MintState.UPLOADED).submit(token, "crash.txt", data);
    assertThat(instance(Duration.ofMinutes(1), MintState.UPLOADED).process(token).state())
        .isEqualTo(MintState.UPLOADED);
    assertThat(instance(Duration.ofMinutes(1), MintState.REGISTERED).process(token).state())
        .isEqualTo(MintState.REGISTERED);

    crashBeforeReceipt(token, MintState.PROOF_REQUESTED);
    assertThat(instance(Duration.ofMinutes(1), MintState.PROOF_REQUESTED).process(token).state())
        .isEqualTo(MintState.PROOF_REQUESTED);
    Mint proofRequested = repository.find(token).orElseThrow();
    assertThat(instance(Duration.ofMinutes(1), MintState.PROOF_SUBMITTED).process(token).state())
        .isEqualTo(MintState.PROOF_SUBMITTED);
    // A worker that had read the mint before the proof was recorded runs the step again: the job
    // is complete, so the node is not called again, and the stale update is refused.
    assertThatThrownBy(() -> submitProofStep().run(proofRequested))
        .isInstanceOf(org.springframework.dao.OptimisticLockingFailureException.class);

    crashBeforeReceipt(token, MintState.REWARDED);
    Mint done = instance(Duration.ofMinutes(1), null).process(token);

    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertExactlyOneOfEachEvent(done);
  }

  /**
   * A job whose node is down: past the deadline it is reported (the mint fails, naming the job);
   * retried, the job gets a new deadline; past that one, with the re-request policy, a second job
   * is paid for once, even across a crash between its broadcast and its receipt, and goes to the
   * node that works. Each instance has its own clock, moved forward. The mint's recorded costs are
   * the chain's receipts of its transactions, two node fees among them.
   */
  @Test
  void anOverdueJobIsReportedOrReRequestedPayingOnlyOnPurpose() throws Exception {
    String token = "0x00000000000000000000000000000000000000e1";
    var maintainer =
        VerifiedComputing.load(
            devnet.verifiedComputing(),
            web3,
            Credentials.create(HardhatNode.KEYS.get(0)),
            new org.web3j.tx.gas.DefaultGasProvider());
    String live = Credentials.create(HardhatNode.KEYS.get(1)).getAddress();
    String dead = Credentials.create(HardhatNode.KEYS.get(6)).getAddress();
    VerifiedComputing.NodeInfo liveNode = maintainer.getNode(live).send();
    maintainer.removeNode(live).send();
    maintainer.addNode(dead, "http://127.0.0.1:" + freePort(), liveNode.publicKey).send();
    try {
      instance(Duration.ofMinutes(1), null).submit(token, "late.txt", new byte[] {1, 2, 3});
      assertThatThrownBy(() -> instance(Duration.ofMinutes(1), null).process(token))
          .isInstanceOf(MintStepException.class)
          .hasMessageContaining("did not answer");
    } finally {
      maintainer.removeNode(dead).send();
      maintainer.addNode(live, liveNode.url, liveNode.publicKey).send();
    }
    Mint first = repository.find(token).orElseThrow();
    assertThat(first.state()).isEqualTo(MintState.PROOF_REQUESTED);
    assertThat(first.nodeAddress()).isEqualToIgnoringCase(dead);

    Clock late = Clock.offset(Clock.systemUTC(), properties.proofDeadline().plusMinutes(1));
    Mint reported = instance(Duration.ofMinutes(1), null, late, properties).process(token);
    assertThat(reported.state()).isEqualTo(MintState.FAILED);
    assertThat(reported.lastError())
        .contains("job " + first.jobId())
        .contains("lazai.mint.proof-deadline");

    // Retrying gives the same job a new deadline; its node is still down.
    assertThatThrownBy(
            () -> {
              MintService retrying = instance(Duration.ofMinutes(1), null, late, properties);
              retrying.retry(token);
              retrying.process(token);
            })
        .isInstanceOf(MintStepException.class)
        .hasMessageContaining("did not answer");

    Clock later = Clock.offset(late, properties.proofDeadline().plusMinutes(1));
    MintProperties reRequest = withPolicy(MintProperties.ProofDeadlinePolicy.RE_REQUEST);
    chain.rpc("evm_setAutomine", "false");
    try {
      assertThatThrownBy(
              () -> instance(Duration.ofMillis(300), null, later, reRequest).process(token))
          .isInstanceOf(MintStepException.class)
          .hasMessageContaining("not mined within");
    } finally {
      chain.rpc("evm_setAutomine", "true");
      chain.rpc("evm_mine");
    }
    Mint done = instance(Duration.ofMinutes(1), null, later, reRequest).process(token);

    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertThat(done.proofRequests()).isEqualTo(2);
    assertThat(done.jobId()).isNotEqualTo(first.jobId());
    assertThat(done.nodeAddress()).isEqualToIgnoringCase(live);
    String file = topic(done.fileId());
    assertThat(eventsOf(done.fileId()))
        .as("two jobs, each paid once; one of everything else")
        .isEqualTo(
            Map.of(
                "FileAdded", 1L,
                "JobSubmitted", 2L,
                "JobComplete", 1L,
                "ProofAdded", 1L,
                "RewardRequested", 1L));
    assertEmits(
        done.proofTxHash(), devnet.verifiedComputing(), VerifiedComputing.JOBSUBMITTED_EVENT, file);

    // What the DAT cost: the gas of the chain's receipts for the mint's own transactions (both
    // proof requests among them) and the node fee twice.
    List<String> hashes =
        java.util.stream.Stream.of(
                done.registerTxHash(),
                first.proofTxHash(),
                done.proofTxHash(),
                done.rewardTxHash(),
                done.transferTxHash(),
                done.permissionTxHash())
            .filter(java.util.Objects::nonNull)
            .toList();
    ReceiptCosts chainSays = ReceiptCosts.of(web3, hashes);
    MintCosts costs = queries.find(token).orElseThrow().costs();
    assertThat(costs.transactions()).isEqualTo(hashes.size());
    assertThat(costs.gasWei()).isPositive().isEqualTo(chainSays.gasWei());
    assertThat(costs.nodeFeesWei())
        .isEqualTo(chainSays.valueWei())
        .isEqualTo(maintainer.nodeFee().send().multiply(BigInteger.TWO))
        .isPositive();
    assertThat(costs.totalWei()).isEqualTo(chainSays.gasWei().add(chainSays.valueWei()));
  }

  /**
   * The seed policy's default became per-token; a file encrypted under the shared seed before that
   * still opens, because the mint stores the seed it used: the node decrypts it for real (the DAT
   * amount is the score of the plaintext).
   */
  @Test
  void aMintCreatedUnderTheSharedSeedStillOpensAfterTheDefaultChanged() throws Exception {
    assertThat(properties.seedPolicy()).isEqualTo(social.gm2.lazai.crypto.SeedPolicy.PER_TOKEN);
    String token = "0x00000000000000000000000000000000000000e5";
    byte[] data = "encrypted under the shared seed".getBytes(StandardCharsets.UTF_8);
    MintProperties shared = withSeedPolicy(social.gm2.lazai.crypto.SeedPolicy.SHARED);

    Mint before =
        instance(Duration.ofMinutes(1), MintState.UPLOADED, Clock.systemUTC(), shared)
            .submit(token, "shared.txt", data)
            .mint();
    assertThat(before.seed()).isEqualTo(properties.encryptionSeed());

    Mint done = instance(Duration.ofMinutes(1), null).process(token);

    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertThat(done.datAmount())
        .isEqualTo(
            BigInteger.ONE.add(
                new BigInteger(1, MessageDigest.getInstance("SHA-256").digest(data))
                    .mod(BigInteger.valueOf(10_000))));
  }

  private MintProperties withSeedPolicy(social.gm2.lazai.crypto.SeedPolicy policy) {
    MintProperties p = properties;
    return new MintProperties(
        p.encryptionSeed(),
        policy,
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
        p.nodeConcurrency());
  }

  private MintProperties withPolicy(MintProperties.ProofDeadlinePolicy policy) {
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
        policy,
        p.maxProofRequests(),
        p.leaseDuration(),
        p.sweepInterval(),
        p.retryDelay(),
        p.workers(),
        p.nodeConcurrency());
  }

  /** A worker that stopped half way (a crash) leaves a mint that the sweeper finishes later. */
  @Test
  void theSweeperFinishesAMintItsWorkerLeftHalfDone() throws Exception {
    String token = "0x00000000000000000000000000000000000000f1";
    instance(Duration.ofMinutes(1), MintState.UPLOADED).submit(token, "swept.txt", new byte[] {7});
    instance(Duration.ofMinutes(1), MintState.REGISTERED).process(token);
    assertThat(repository.find(token).orElseThrow().state()).isEqualTo(MintState.REGISTERED);

    Clock later = Clock.offset(Clock.systemUTC(), properties.leaseDuration().plusMinutes(1));
    try (MintRunner sweeper = runner(Duration.ofMinutes(1), null, later, properties)) {
      assertThat(sweeper.sweep()).isNotEmpty();
      Await.until(
          Duration.ofMinutes(1),
          () -> repository.find(token).orElseThrow(),
          mint -> mint.state().settled());
    }
    Mint done = repository.find(token).orElseThrow();
    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertExactlyOneOfEachEvent(done);
  }

  /** Two instances sharing the database and the chain, both given the same 50 tokens. */
  @Test
  void twoInstancesGivenTheSameFiftyTokensMintFiftyDats() throws Exception {
    List<MintService> instances =
        List.of(instance(Duration.ofMinutes(2), null), instance(Duration.ofMinutes(2), null));
    List<String> tokens = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      tokens.add(String.format("0x%040x", 0xd000 + i));
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<Mint>> runs = new java.util.ArrayList<>();
    for (String token : tokens) {
      for (MintService instance : instances) {
        runs.add(pool.submit(() -> untilSettled(instance, token)));
      }
    }
    for (var run : runs) {
      run.get();
    }
    pool.shutdown();

    for (String token : tokens) {
      Mint mint = repository.find(token).orElseThrow();
      assertThat(mint.state()).as(token).isEqualTo(MintState.REWARDED);
      assertExactlyOneOfEachEvent(mint);
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(DISTINCT dat_token_id) FROM mint WHERE token_address LIKE '0x000000000000000000000000000000000000d%'",
                Integer.class))
        .isEqualTo(50);
  }

  /** Runs the token until it settles, here or in the instance that holds its lease. */
  private Mint untilSettled(MintService instance, String token) {
    instance.submit(token, "same.txt", token.getBytes(StandardCharsets.UTF_8));
    return Await.until(
        Duration.ofMinutes(2),
        () -> {
          try {
            return instance.process(token);
          } catch (MintStepException e) {
            return repository.find(token).orElseThrow();
          }
        },
        mint -> mint.state().settled());
  }

  private void crashBeforeReceipt(String token, MintState step) throws Exception {
    chain.rpc("evm_setAutomine", "false");
    try {
      assertThatThrownBy(() -> instance(Duration.ofMillis(300), step).process(token))
          .isInstanceOf(MintStepException.class)
          .hasMessageContaining("not mined within");
    } finally {
      chain.rpc("evm_setAutomine", "true");
      chain.rpc("evm_mine");
    }
  }

  private void assertExactlyOneOfEachEvent(Mint done) throws Exception {
    String file = topic(done.fileId());
    assertThat(eventsOf(done.fileId()))
        .isEqualTo(
            Map.of(
                "FileAdded", 1L,
                "JobSubmitted", 1L,
                "JobComplete", 1L,
                "ProofAdded", 1L,
                "RewardRequested", 1L));
    assertEmits(done.registerTxHash(), devnet.dataRegistry(), DataRegistry.FILEADDED_EVENT, file);
    assertEmits(
        done.proofTxHash(), devnet.verifiedComputing(), VerifiedComputing.JOBSUBMITTED_EVENT, file);
    assertEmits(
        done.rewardTxHash(), devnet.dataRegistry(), DataRegistry.REWARDREQUESTED_EVENT, file);
  }

  /** How many of each pipeline event the chain logged for the file. */
  private static Map<String, Long> eventsOf(BigInteger fileId) throws IOException {
    String file = topic(fileId);
    return Map.of(
        "FileAdded",
        events(devnet.dataRegistry(), EventEncoder.encode(DataRegistry.FILEADDED_EVENT), file),
        "JobSubmitted",
        events(
            devnet.verifiedComputing(),
            EventEncoder.encode(VerifiedComputing.JOBSUBMITTED_EVENT),
            null,
            file),
        "JobComplete",
        events(
            devnet.verifiedComputing(),
            EventEncoder.encode(VerifiedComputing.JOBCOMPLETE_EVENT),
            null,
            null,
            file),
        "ProofAdded",
        events(devnet.dataRegistry(), EventEncoder.encode(DataRegistry.PROOFADDED_EVENT), file),
        "RewardRequested",
        events(
            devnet.dataRegistry(),
            EventEncoder.encode(DataRegistry.REWARDREQUESTED_EVENT),
            null,
            file));
  }

  /** The mint's recorded transaction is the one that logged {@code event} for its file. */
  private void assertEmits(
      String txHash, String emitter, org.web3j.abi.datatypes.Event event, String fileTopic)
      throws Exception {
    var logs =
        web3.ethGetTransactionReceipt(txHash)
            .send()
            .getTransactionReceipt()
            .orElseThrow()
            .getLogs();
    assertThat(logs)
        .as("%s of tx %s", event.getName(), txHash)
        .anySatisfy(
            l -> {
              assertThat(l.getAddress()).isEqualToIgnoringCase(emitter);
              assertThat(l.getTopics().get(0)).isEqualTo(EventEncoder.encode(event));
              assertThat(l.getTopics()).contains(fileTopic);
            });
  }

  /**
   * A service instance of its own (sender, chain adapter, steps, runner) that stops before {@code
   * stopAt}.
   */
  private MintService instance(Duration receiptTimeout, MintState stopAt) {
    return instance(receiptTimeout, stopAt, Clock.systemUTC(), properties);
  }

  private MintService instance(
      Duration receiptTimeout, MintState stopAt, Clock clock, MintProperties settings) {
    MintRunner runner = runner(receiptTimeout, stopAt, clock, settings);
    var cipher =
        new social.gm2.lazai.crypto.PasswordCipher(
            java.time.Clock.systemUTC(), new java.security.SecureRandom());
    return new MintService(
        store(clock), runner, settings, TestSenders.signer(TREASURY_KEY), cipher, clock);
  }

  private MintRunner runner(
      Duration receiptTimeout, MintState stopAt, Clock clock, MintProperties settings) {
    List<MintStep> steps = steps(lazai(receiptTimeout), clock, settings);
    List<MintStep> upTo =
        stopAt == null
            ? steps
            : steps.stream().filter(s -> s.from().ordinal() < stopAt.ordinal()).toList();
    return new MintRunner(
        store(clock), upTo, settings, clock, "instance-" + java.util.UUID.randomUUID());
  }

  private MintStore store(Clock clock) {
    return new MintStore(jdbc, transactions, clock, false, event -> {});
  }

  private List<MintStep> steps(
      social.gm2.lazai.chain.LazaiChain lazai, Clock clock, MintProperties settings) {
    return MintSteps.of(
        new MintSteps.Ports(
            store,
            lazai,
            new social.gm2.lazai.mint.proofnode.HttpProofNode(
                new social.gm2.lazai.chain.NodeUrlPolicy(List.of("127.0.0.0/8")),
                Duration.ofSeconds(2),
                Duration.ofSeconds(30)),
            TestSenders.signer(TREASURY_KEY),
            new SimpleMeterRegistry()),
        store(clock),
        settings,
        clock);
  }

  private MintStep submitProofStep() {
    return steps(lazai(Duration.ofMinutes(1)), Clock.systemUTC(), properties).stream()
        .filter(step -> step.from() == MintState.PROOF_REQUESTED)
        .findFirst()
        .orElseThrow();
  }

  /** A chain adapter with a transaction sender of its own, as a fresh instance has. */
  private social.gm2.lazai.chain.LazaiChain lazai(Duration receiptTimeout) {
    var sender =
        TestSenders.sender(web3, chain.url(), TREASURY_KEY, jdbc.getDataSource(), receiptTimeout);
    return social.gm2.lazai.chain.web3j.Web3jLazaiChain.connect(
        web3,
        sender,
        devnet.dataRegistry(),
        devnet.verifiedComputing(),
        chain.url(),
        devnet.deploymentBlock());
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
