package social.gm2.lazai.chain.web3j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.ContractError;
import social.gm2.lazai.chain.ContractRevertException;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.FileRecord;
import social.gm2.lazai.chain.JobCompleted;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.ProofJob;
import social.gm2.lazai.chain.ProofRequest;
import social.gm2.lazai.chain.Registration;
import social.gm2.lazai.chain.Reward;
import social.gm2.lazai.chain.tx.TransactionSender;
import social.gm2.lazai.chain.tx.TxIntent;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.crypto.Wallet;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestSenders;
import social.gm2.lazai.support.TestServices;

/** The whole DAT flow through {@link Web3jLazaiChain} on the devnet contracts. */
class LazaiChainIT {
  private static final String NODE_KEY = HardhatNode.KEYS.get(1);
  private static final String OWNER_KEY = HardhatNode.KEYS.get(2);
  private static final String NODE_URL = "http://127.0.0.1:18000";

  private static HardhatNode chain;
  private static Web3j web3;
  private static String database;
  private static HikariDataSource dataSource;
  private static DevnetDeployment devnet;
  private static String nodePem;

  @BeforeAll
  static void start() throws Exception {
    chain = HardhatNode.start();
    web3 = Web3j.build(new HttpService(chain.url()));
    var rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    nodePem = RsaKeys.toPkcs1Pem((RSAPublicKey) rsa.generateKeyPair().getPublic());
    String node = Credentials.create(NODE_KEY).getAddress();
    devnet =
        DevnetDeployment.deploy(chain, List.of(new DevnetDeployment.Node(node, NODE_URL, nodePem)));
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
  void mintsADataAnchoringTokenStepByStep() {
    Web3jLazaiChain owner = chainFor(OWNER_KEY);
    String url = "https://gateway.pinata.cloud/ipfs/QmFlowTest?download=true";

    Registration registration = owner.addFile("flow addFile", url, "");
    FileRecord file = registration.file();
    assertThat(owner.addFile("flow addFile", url, "")).as("same intent").isEqualTo(registration);
    assertThat(owner.addFile("another intent", url, ""))
        .as("URL already registered: the file and the transaction that registered it")
        .isEqualTo(registration);
    assertThat(owner.fileIdByUrl(url)).contains(file.id());
    assertThat(file.owner()).isEqualTo(owner.wallet());

    ProofRequest proof = owner.requestProof("flow requestProof", file.id());
    assertThat(proof.fee()).isEqualTo(owner.nodeFee()).isEqualTo(BigInteger.valueOf(100));
    assertThat(proof.node()).isEqualTo(Credentials.create(NODE_KEY).getAddress());
    assertThat(owner.requestProof("flow requestProof", file.id()))
        .as("same intent")
        .isEqualTo(proof);
    assertThat(owner.fileJobIds(file.id())).containsExactly(proof.jobId());
    ProofJob job = owner.job(proof.jobId());
    assertThat(job.status()).isEqualTo(ProofJob.Status.SUBMITTED);
    assertThat(job.fileId()).isEqualTo(file.id());
    NodeInfo node = owner.node(proof.node());
    assertThat(node.url()).isEqualTo(NODE_URL);
    assertThat(node.publicKey()).isEqualTo(nodePem);
    assertThat(node.status()).isEqualTo(NodeInfo.Status.ACTIVE);

    int score = 4242;
    actAsNode(proof, url, score);
    assertThat(owner.job(proof.jobId()).status()).isEqualTo(ProofJob.Status.COMPLETED);
    BigInteger index = owner.proofIndexAddedBy(file.id(), proof.node()).orElseThrow();

    Reward reward = owner.requestReward("flow requestReward", file.id(), index);
    assertThat(reward.amount()).isEqualTo(BigInteger.valueOf(score));
    assertThat(reward.owner()).isEqualTo(owner.wallet());
    assertThat(reward.tokenId()).isPositive();
    assertThat(owner.requestReward("a second reward", file.id(), index))
        .as("FileAlreadyRewarded answers with the first reward")
        .isEqualTo(reward);
    assertThat(owner.rewardOf(file.id())).contains(reward);
    assertThat(owner.file(file.id()).rewarded()).isTrue();

    List<JobCompleted> completed = owner.jobsCompleted(devnet.deploymentBlock(), owner.head());
    assertThat(completed)
        .anySatisfy(
            c -> {
              assertThat(c.jobId()).isEqualTo(proof.jobId());
              assertThat(c.fileId()).isEqualTo(file.id());
              assertThat(c.attestator()).isEqualTo(proof.node());
              assertThat(c.emitter()).isEqualTo(devnet.verifiedComputing().toLowerCase());
            });
  }

  @Test
  void aRewardWithoutAProofIsATypedPermanentRevert() {
    Web3jLazaiChain owner = chainFor(OWNER_KEY);
    FileRecord file = owner.addFile("no proof addFile", "https://example.test/no-proof", "").file();

    assertThatThrownBy(() -> owner.requestReward("no proof reward", file.id(), BigInteger.ONE))
        .isInstanceOfSatisfying(
            ContractRevertException.class,
            e -> {
              assertThat(e.error()).contains(ContractError.ECDSA_INVALID_SIGNATURE_LENGTH);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("requestReward", "ECDSAInvalidSignatureLength");
            });
  }

  @Test
  void aProofSignedByAStrangerIsRefusedAsInvalidAttestator() {
    Web3jLazaiChain owner = chainFor(OWNER_KEY);
    String url = "https://example.test/stranger";
    FileRecord file = owner.addFile("stranger addFile", url, "").file();
    addProof(HardhatNode.KEYS.get(3), file.id(), url, 99, "stranger proof");

    assertThatThrownBy(() -> owner.requestReward("stranger reward", file.id(), BigInteger.ONE))
        .isInstanceOfSatisfying(
            ContractRevertException.class,
            e -> assertThat(e.error()).contains(ContractError.INVALID_ATTESTATOR));
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
      // Both estimates pass while the URL is free; one block then mines one and reverts the other.
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
      var second =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () ->
                  sender.send(
                      new TxIntent(
                          "race 2",
                          "addFile race 2",
                          devnet.dataRegistry(),
                          BigInteger.ZERO,
                          call)));
      social.gm2.lazai.support.Await.until(
          java.time.Duration.ofSeconds(30),
          () -> chain.rpc("eth_getBlockByNumber", "\"pending\"", "false").path("result"),
          block -> block.path("transactions").size() == 2);
      chain.rpc("evm_mine");
      List<Throwable> failures = new java.util.ArrayList<>();
      for (var send : List.of(first, second)) {
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
    var clock = new MutableClock();
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

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }
  }

  /** What the verified-computing node does after its checks: completeJob, addProof, claim. */
  private void actAsNode(ProofRequest proof, String url, int score) {
    TransactionSender node = sender(NODE_KEY);
    String vc = devnet.verifiedComputing();
    var contract =
        VerifiedComputing.load(
            vc, web3, Credentials.create(NODE_KEY), new org.web3j.tx.gas.DefaultGasProvider());
    node.send(
        new TxIntent(
            "complete " + proof.jobId(),
            "completeJob",
            vc,
            BigInteger.ZERO,
            contract.completeJob(proof.jobId().value()).encodeFunctionCall()));
    addProof(NODE_KEY, proof.fileId(), url, score, "proof " + proof.jobId());
    node.send(
        new TxIntent(
            "claim " + proof.jobId(),
            "claim",
            vc,
            BigInteger.ZERO,
            contract.claim().encodeFunctionCall()));
  }

  private void addProof(String key, FileId fileId, String url, int score, String intent) {
    var data = new DataRegistry.ProofData(fileId.value(), BigInteger.valueOf(score), url, "");
    byte[] hash =
        Hash.sha3(Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(data))));
    String signature = Wallet.fromPrivateKey(key).signPersonalMessage(hash);
    var registry =
        DataRegistry.load(
            devnet.dataRegistry(),
            web3,
            Credentials.create(key),
            new org.web3j.tx.gas.DefaultGasProvider());
    String call =
        registry
            .addProof(
                fileId.value(),
                new DataRegistry.Proof(Numeric.hexStringToByteArray(signature), data))
            .encodeFunctionCall();
    sender(key)
        .send(new TxIntent(intent, "addProof", devnet.dataRegistry(), BigInteger.ZERO, call));
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
