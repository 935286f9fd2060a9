package social.gm2.lazai.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The chain port's contract on {@link FakeLazaiChain}, and what only the fake can show. */
class FakeLazaiChainTest extends LazaiChainContract {
  /** Hardhat's accounts #1, #3 and #5 as the nodes; #4 is the stranger. */
  private static final List<String> NODES =
      List.of(
          "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
          "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
          "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc");

  private static final String STRANGER = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";

  private final FakeLazaiChain chain = new FakeLazaiChain();
  private final FakeChainControls controls = chain.controls();

  @BeforeEach
  void registerNodes() {
    NODES.forEach(this::registerAgain);
  }

  @Override
  protected LazaiChain chain() {
    return chain;
  }

  @Override
  protected LazaiChain chainWithReceiptTimeout(Duration timeout) {
    return chain.withReceiptTimeout(timeout);
  }

  @Override
  protected List<String> nodes() {
    return NODES;
  }

  @Override
  protected String nodeUrl(String node) {
    return "http://" + node.substring(2, 10) + ".node.test:8000";
  }

  @Override
  protected String nodePublicKey(String node) {
    return "-----BEGIN RSA PUBLIC KEY-----\n(key of " + node + ")\n-----END RSA PUBLIC KEY-----\n";
  }

  @Override
  protected String stranger() {
    return STRANGER;
  }

  /** Hardhat's accounts #6 and #7 join the service wallet. */
  @Override
  protected LazaiChain pool() {
    return chain.withPool(
        List.of(
            "0x976ea74026e726554db657fa54763abd0c3a0aa9",
            "0x14dc79964da2c08b23698b3d3cc7ca32193d9955"));
  }

  @Override
  protected String treasury() {
    return "0x00000000000000000000000000000000000047d5";
  }

  @Override
  protected ChainTx completeJob(String node, JobId job) {
    return controls.completeJob(node, job);
  }

  @Override
  protected void addProof(String account, FileId file, String url, int score) {
    controls.addProof(account, file, score, url);
  }

  @Override
  protected void addFileAhead(String account, String url) {
    controls.addFileAhead(account, url);
  }

  @Override
  protected void removeNode(String node) {
    controls.removeNode(node);
  }

  @Override
  protected void registerAgain(String node) {
    controls.registerNode(node, nodeUrl(node), nodePublicKey(node));
  }

  @Override
  protected void setNodeFee(BigInteger fee) {
    controls.setNodeFee(fee);
  }

  @Override
  protected void setRegistryPublicKey(String pem) {
    controls.setRegistryPublicKey(pem);
  }

  @Override
  protected void automine(boolean on) {
    controls.automine(on);
  }

  @Override
  protected void mine() {
    controls.mine();
  }

  @Override
  protected int pendingTransactions() {
    return controls.pendingTransactions();
  }

  @Override
  protected Runnable snapshot() {
    long head = chain.head();
    return () -> controls.reorgTo(head);
  }

  @Override
  protected void rpcDown(boolean down) {
    controls.rpcDown(down);
  }

  @Override
  protected String verifiedComputing() {
    return chain.verifiedComputing();
  }

  @Override
  protected long deploymentBlock() {
    return chain.deploymentBlock();
  }

  // ------------------------------------------------------------------------ the fake's own tests

  @Test
  void idsStartAtOneOnAFreshChain() {
    String url = url();
    FileId file = chain.addFile("a", url, "").file().id();
    ProofRequest job = chain.requestProof("b", file);
    controls.completeJob(job.node(), job.jobId());
    BigInteger index = controls.addProof(job.node(), file, 10, url);
    Reward reward = chain.requestReward("c", file, index);

    assertThat(file).isEqualTo(FileId.of(1));
    assertThat(job.jobId()).isEqualTo(JobId.of(1));
    assertThat(index).isEqualTo(BigInteger.ONE);
    assertThat(reward.tokenId()).isEqualTo(BigInteger.ONE);
    assertThat(reward.amount()).isEqualTo(BigInteger.TEN);
  }

  @Test
  void aWriteMadeToRevertSendsNothingAndTheNextIsSent() {
    FileId file = chain.addFile("file", url(), "").file().id();
    int sent = controls.transactionsSent();
    controls.revertNextWrite(ContractError.ENFORCED_PAUSE);

    assertThatThrownBy(() -> chain.requestProof("proof", file))
        .isInstanceOfSatisfying(
            ContractRevertException.class,
            e -> {
              assertThat(e.error()).contains(ContractError.ENFORCED_PAUSE);
              assertThat(e.retryable()).isTrue();
              assertThat(e.txHash()).isNull();
            });
    assertThat(controls.transactionsSent()).isEqualTo(sent);
    assertThat(chain.requestProof("proof", file).fileId()).isEqualTo(file);
    assertThat(controls.transactionsSent()).isEqualTo(sent + 1);
  }

  @Test
  void failingCallsAreCountedAndTheNodesActionsAreNotAffected() {
    ProofRequest job = openJob();
    controls.failNextCalls(2);

    assertThatThrownBy(chain::head).isInstanceOf(RpcUnavailableException.class);
    controls.completeJob(job.node(), job.jobId());
    assertThatThrownBy(() -> chain.job(job.jobId())).isInstanceOf(RpcUnavailableException.class);
    assertThat(chain.job(job.jobId()).status()).isEqualTo(ProofJob.Status.COMPLETED);
  }

  @Test
  void theSameIntentSendsOneTransactionWhateverItsArguments() {
    int sent = controls.transactionsSent();
    Registration first = chain.addFile("one intent", url(), "");

    assertThat(chain.addFile("one intent", url(), "")).isEqualTo(first);
    assertThat(controls.transactionsSent()).isEqualTo(sent + 1);
  }

  @Test
  void aJobIsCompletedOnlyByItsActiveNodeAndOnlyOnce() {
    ProofRequest job = openJob();
    String other = NODES.stream().filter(n -> !n.equals(job.node())).findFirst().orElseThrow();

    assertRevert(() -> controls.completeJob(other, job.jobId()), ContractError.INVALID_JOB_NODE);
    assertRevert(() -> controls.completeJob(STRANGER, job.jobId()), ContractError.NODE_NOT_ACTIVE);
    assertRevert(
        () -> controls.completeJob(job.node(), JobId.of(99)), ContractError.INVALID_JOB_STATUS);
    controls.completeJob(job.node(), job.jobId());
    assertRevert(
        () -> controls.completeJob(job.node(), job.jobId()), ContractError.INVALID_JOB_STATUS);
  }

  @Test
  void aCanceledJobLeavesItsNodeAndCannotBeCompleted() {
    ProofRequest job = openJob();
    BigInteger open = chain.node(job.node()).jobsCount();

    controls.cancelJob(job.jobId());

    assertThat(chain.job(job.jobId()).status()).isEqualTo(ProofJob.Status.CANCELED);
    assertThat(chain.node(job.node()).jobsCount()).isEqualTo(open.subtract(BigInteger.ONE));
    assertRevert(
        () -> controls.completeJob(job.node(), job.jobId()), ContractError.INVALID_JOB_STATUS);
    assertRevert(
        () -> chain.forWallet(STRANGER).controls().cancelJob(job.jobId()),
        ContractError.NOT_JOB_OWNER);
  }

  @Test
  void aProofScoredZeroLeavesTheFileUnrewardedSoItIsRewardedAgain() {
    String url = url();
    FileId file = chain.addFile("file", url, "").file().id();
    controls.addProof(NODES.get(0), file, 0, url);
    BigInteger scored = controls.addProof(NODES.get(0), file, 77, url);

    Reward nothing = chain.requestReward("reward 1", file, BigInteger.ONE);
    Reward second = chain.requestReward("reward 2", file, scored);

    assertThat(nothing.amount()).isZero();
    assertThat(second.amount()).isEqualTo(BigInteger.valueOf(77));
    assertThat(second.tokenId()).isEqualTo(nothing.tokenId().add(BigInteger.ONE));
    assertThat(chain.rewardOf(file)).contains(nothing);
    assertThat(controls.proofCount(file)).isEqualTo(2);
  }

  @Test
  void concurrentWritersGetDistinctIdsAndOneTransactionPerIntent() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Registration>> writes = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String key = "file " + (i % 32);
        String url = "https://example.test/" + (i % 32);
        writes.add(pool.submit(() -> chain.addFile(key, url, "")));
      }
      List<BigInteger> ids = new ArrayList<>();
      for (Future<Registration> write : writes) {
        ids.add(write.get(30, TimeUnit.SECONDS).file().id().value());
      }
      assertThat(ids.stream().distinct().sorted())
          .containsExactlyElementsOf(
              java.util.stream.LongStream.rangeClosed(1, 32)
                  .mapToObj(BigInteger::valueOf)
                  .toList());
      assertThat(controls.transactionsSent()).isEqualTo(32);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void blocksTakeTheirTimeFromTheClockAndTheChainCannotReorgAboveItsHead() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    FakeLazaiChain fixed = new FakeLazaiChain(Clock.fixed(now, ZoneOffset.UTC), "0xAbC0");
    fixed.controls().registerNode(NODES.get(0), "http://n", "pem");
    FileId file = fixed.addFile("f", url(), "").file().id();
    ProofRequest job = fixed.requestProof("p", file);

    assertThat(fixed.job(job.jobId()).addedTimestamp())
        .as("one second per block when the clock stands still")
        .isEqualTo(now.getEpochSecond() + 3);
    assertThat(fixed.verifiedComputing()).isEqualTo("0xabc0");
    assertThatThrownBy(() -> fixed.controls().reorgTo(fixed.head() + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRevert(Runnable call, ContractError error) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ContractRevertException.class, e -> assertThat(e.error()).contains(error));
  }
}
