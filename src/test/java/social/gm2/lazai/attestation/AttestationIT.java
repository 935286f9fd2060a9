package social.gm2.lazai.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.mint.attestation.AttestationReconciler;
import social.gm2.lazai.mint.attestation.AttestationStatus;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.DevnetActor;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.RpcProxy;
import social.gm2.lazai.support.TestServices;

/**
 * Attestation tracking in the whole service, on the devnet through an RPC proxy that refuses {@code
 * eth_getLogs} over more than 5 blocks and fails every 13th request: real Hardhat, real contracts,
 * real MariaDB. Mints are inserted as REWARDED rows (the pipeline that gets them there is
 * MintPipelineIT's); jobs are opened and completed on chain by devnet wallets.
 */
@org.junit.jupiter.api.Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AttestationIT {
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String DATABASE = TestServices.createDatabase();
  private static HardhatNode chain;
  private static Web3j web3;
  private static RpcProxy proxy;
  private static DevnetDeployment devnet;
  private static DevnetDeployment other;
  private static DevnetActor owner;
  private static DevnetActor node;
  private static DevnetActor otherOwner;
  private static DevnetActor otherNode;

  @Autowired Attestations attestations;
  @Autowired AttestationReconciler tracking;
  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    chain = HardhatNode.start();
    web3 = Web3j.build(new HttpService(chain.url()));
    var rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String pem = RsaKeys.toPkcs1Pem((RSAPublicKey) rsa.generateKeyPair().getPublic());
    String nodeA = Credentials.create(HardhatNode.KEYS.get(1)).getAddress();
    String nodeB = Credentials.create(HardhatNode.KEYS.get(3)).getAddress();
    devnet =
        DevnetDeployment.deploy(
            chain, List.of(new DevnetDeployment.Node(nodeA, "http://127.0.0.1:18000", pem)));
    other =
        DevnetDeployment.deploy(
            chain, List.of(new DevnetDeployment.Node(nodeB, "http://127.0.0.1:18001", pem)));
    owner =
        new DevnetActor(
            web3, HardhatNode.KEYS.get(2), devnet.dataRegistry(), devnet.verifiedComputing());
    node = new DevnetActor(web3, HardhatNode.KEYS.get(1), null, devnet.verifiedComputing());
    otherOwner =
        new DevnetActor(
            web3, HardhatNode.KEYS.get(2), other.dataRegistry(), other.verifiedComputing());
    otherNode = new DevnetActor(web3, HardhatNode.KEYS.get(3), null, other.verifiedComputing());
    proxy = RpcProxy.start(chain.url()).maxLogRange(5).failEvery(13);
    TestServices.register(registry, DATABASE);
    registry.add("lazai.chain.rpc-url", proxy::url);
    registry.add("lazai.chain.verified-computing-address", devnet::verifiedComputing);
    registry.add("lazai.chain.data-registry-address", devnet::dataRegistry);
    registry.add("lazai.chain.deployment-block", devnet::deploymentBlock);
    registry.add("lazai.chain.max-head-age", () -> "0s");
    registry.add("lazai.storage.provider", () -> "local");
    String store = Files.createTempDirectory("ipfs").toString();
    registry.add("lazai.storage.local.directory", () -> store);
    registry.add("lazai.storage.local.public-base-url", () -> "http://127.0.0.1:1");
    registry.add("lazai.attestation.confirmations", () -> "1");
    registry.add("lazai.attestation.poll-interval", () -> "100ms");
    registry.add("lazai.attestation.initial-range", () -> "64");
    registry.add("lazai.attestation.max-range", () -> "64");
    registry.add("lazai.attestation.lease-duration", () -> "5s");
    // The tests call the backfill themselves.
    registry.add("lazai.queue.backfill-period", () -> "1h");
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (web3 != null) {
      web3.shutdown();
    }
    if (chain != null) {
      chain.close();
    }
    TestServices.dropDatabase(DATABASE);
  }

  @Test
  void aCompletedJobIsAttestedOnceConfirmedAndFillsTheOriginalColumns() throws Exception {
    var job = openJob();
    String token = rewardedMint(job, Instant.now());
    TransactionReceipt done = node.completeJob(job.id());
    long block = done.getBlockNumber().longValueExact();

    Await.until(WAIT, attestations::scannedThrough, b -> b >= block - 1);
    assertThat(attestations.scannedThrough())
        .as("one confirmation: block not read yet")
        .isLessThan(block);
    assertThat(state(token)).isEqualTo("REWARDED");

    chain.rpc("evm_mine");
    awaitState(token, "ATTESTED");
    Map<String, Object> mint = mint(token);
    assertThat(mint.get("attestator")).isEqualTo(node.address().toLowerCase());
    assertThat(mint.get("attestation_tx_hash")).isEqualTo(done.getTransactionHash());
    assertThat(((Number) mint.get("attestation_block_number")).longValue()).isEqualTo(block);
    Map<String, Object> legacy =
        jdbc.queryForMap("SELECT * FROM LazAIMintDAT WHERE tokenAddress = ?", token);
    assertThat(legacy.get("attestator")).isEqualTo(node.address().toLowerCase());
    assertThat(legacy.get("attestatorHash")).isEqualTo(done.getTransactionHash());
    assertThat(((Number) legacy.get("attestatorBlockNumber")).longValue()).isEqualTo(block);
    assertThat(projectAttested(token)).isEqualTo(1);
    AttestationStatus status = tracking.status(token).orElseThrow();
    assertThat(status.state()).isEqualTo(AttestationStatus.State.ATTESTED);
    assertThat(status.txHash()).isEqualTo(done.getTransactionHash());
  }

  @Test
  void aJobCompleteFromAnotherContractForTheSameIdsIsNotAnAttestation() throws Exception {
    var job = openJob();
    String token = rewardedMint(job, Instant.now());
    BigInteger twin = BigInteger.ZERO;
    while (twin.compareTo(job.id()) < 0) {
      twin = otherOwner.requestProof(job.file());
    }
    assertThat(twin).as("same job id in the other contract").isEqualTo(job.id());
    long forged = otherNode.completeJob(twin).getBlockNumber().longValueExact();
    chain.rpc("evm_mine");

    Await.until(WAIT, attestations::scannedThrough, b -> b >= forged);
    assertThat(state(token)).isEqualTo("REWARDED");
    assertThat(attestations.find(new JobId(job.id()))).isEmpty();

    TransactionReceipt real = node.completeJob(job.id());
    chain.rpc("evm_mine");
    awaitState(token, "ATTESTED");
    assertThat(mint(token).get("attestation_tx_hash")).isEqualTo(real.getTransactionHash());
    assertThat(mint(token).get("attestator")).isEqualTo(node.address().toLowerCase());
  }

  @Test
  void aReorgRevokesTheAttestationUntilItsLogIsBackOnTheCanonicalChain() throws Exception {
    var job = openJob();
    String token = rewardedMint(job, Instant.now());
    String snapshot = chain.rpc("evm_snapshot").get("result").asString();
    long block = node.completeJob(job.id()).getBlockNumber().longValueExact();
    chain.rpc("evm_mine");
    awaitState(token, "ATTESTED");

    chain.rpc("evm_revert", "\"" + snapshot + "\"");
    for (int i = 0; i < 4; i++) {
      chain.rpc("evm_mine");
    }
    awaitState(token, "REWARDED");
    assertThat(attestations.find(new JobId(job.id()))).isEmpty();
    assertThat(mint(token).get("attestation_tx_hash")).isNull();
    assertThat(jdbc.queryForMap("SELECT * FROM LazAIMintDAT WHERE tokenAddress = ?", token))
        .containsEntry("attestator", null)
        .containsEntry("attestatorHash", null);
    assertThat(projectAttested(token)).isZero();
    assertThat(
            jdbc.queryForList(
                "SELECT to_state FROM mint_transition t JOIN mint m ON m.id = t.mint_id"
                    + " WHERE m.token_address = ? ORDER BY t.id",
                String.class,
                token))
        .containsExactly("REWARDED", "ATTESTED", "REWARDED");

    long again = node.completeJob(job.id()).getBlockNumber().longValueExact();
    chain.rpc("evm_mine");
    awaitState(token, "ATTESTED");
    assertThat(((Number) mint(token).get("attestation_block_number")).longValue())
        .isEqualTo(again)
        .isGreaterThan(block);
  }

  @Test
  void refusedRangesAndFailingRequestsAreSurvived() throws Exception {
    // Counted from here: the proxy is shared with the other tests, whose traffic must not count.
    // The poller has learned to stay within 5 blocks; the proxy now refuses more than 2.
    proxy.reset();
    proxy.maxLogRange(2);
    try {
      chain.rpc("hardhat_mine", "\"0x64\"");
      var job = openJob();
      String token = rewardedMint(job, Instant.now());
      node.completeJob(job.id());
      chain.rpc("evm_mine");

      awaitState(token, "ATTESTED");
      assertThat(proxy.refusedRanges()).as("ranges over 2 blocks refused").isPositive();
      assertThat(proxy.failed()).as("requests answered 503").isPositive();
    } finally {
      proxy.maxLogRange(5);
    }
  }

  @Test
  void aMintPastTheDeadlineIsFlaggedOverdueAndStillAttestedLater() throws Exception {
    var job = openJob();
    String token = rewardedMint(job, Instant.now().minus(Duration.ofHours(2)));
    tracking.backfill();

    assertThat(tracking.status(token).orElseThrow().state())
        .isEqualTo(AttestationStatus.State.OVERDUE);
    assertThat(tracking.overdueCount()).isPositive();
    assertThat(overdueFlags(token)).isEqualTo(1);

    node.completeJob(job.id());
    chain.rpc("evm_mine");
    awaitState(token, "ATTESTED");
    tracking.backfill();
    assertThat(overdueFlags(token)).isZero();
  }

  @Test
  void aMintRecordedAfterItsAttestationWasStoredIsAttestedByATargetedCheck() throws Exception {
    var job = openJob();
    long block = node.completeJob(job.id()).getBlockNumber().longValueExact();
    chain.rpc("evm_mine");
    Await.until(WAIT, () -> attestations.find(new JobId(job.id())), java.util.Optional::isPresent);

    String token = rewardedMint(job, Instant.now());
    assertThat(state(token)).isEqualTo("REWARDED");
    tracking.checkToken(token, block + 1, job.file());
    assertThat(state(token)).isEqualTo("ATTESTED");
  }

  private record OpenJob(BigInteger file, BigInteger id) {}

  private OpenJob openJob() throws Exception {
    BigInteger file = owner.addFile("https://example.test/" + UUID.randomUUID());
    return new OpenJob(file, owner.requestProof(file));
  }

  /** A mint as the pipeline leaves it after the reward, with the original service's rows. */
  private String rewardedMint(OpenJob job, Instant rewardedAt) throws Exception {
    String token =
        String.format(
            "0x%040x",
            new BigInteger(1, UUID.randomUUID().toString().getBytes())
                .mod(BigInteger.TWO.pow(160)));
    long head = web3.ethBlockNumber().send().getBlockNumber().longValueExact();
    jdbc.update(
        "INSERT INTO mint (token_address, file_name, state, file_id, job_id, reward_tx_hash,"
            + " reward_block_number) VALUES (?, 'f.txt', 'REWARDED', ?, ?, ?, ?)",
        token,
        job.file(),
        job.id(),
        "0x" + "ab".repeat(32),
        head);
    long id = jdbc.queryForObject("SELECT id FROM mint WHERE token_address = ?", Long.class, token);
    jdbc.update(
        "INSERT INTO mint_transition (mint_id, from_state, to_state, occurred_at, detail)"
            + " VALUES (?, 'PROOF_SUBMITTED', 'REWARDED', ?, 'test')",
        id,
        Timestamp.from(rewardedAt));
    jdbc.update(
        "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId, transactionHash, blockNumber)"
            + " VALUES (?, ?, ?, ?, ?)",
        token,
        job.file(),
        job.id(),
        "0x" + "ab".repeat(32),
        head);
    jdbc.update("INSERT INTO Project (tokenAddress, isAIAttested) VALUES (?, 0)", token);
    return token;
  }

  private void awaitState(String token, String state) {
    Await.until(WAIT, () -> state(token), state::equals);
  }

  private String state(String token) {
    return jdbc.queryForObject(
        "SELECT state FROM mint WHERE token_address = ?", String.class, token);
  }

  private Map<String, Object> mint(String token) {
    return jdbc.queryForMap("SELECT * FROM mint WHERE token_address = ?", token);
  }

  private int projectAttested(String token) {
    return jdbc.queryForObject(
        "SELECT isAIAttested FROM Project WHERE tokenAddress = ?", Integer.class, token);
  }

  private int overdueFlags(String token) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM mint_attestation_overdue o JOIN mint m ON m.id = o.mint_id"
            + " WHERE m.token_address = ?",
        Integer.class,
        token);
  }
}
