package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.gm2.lazai.attestation.Attestation;
import social.gm2.lazai.attestation.Attestations;
import social.gm2.lazai.chain.ContractError;
import social.gm2.lazai.chain.FakeLazaiChain;
import social.gm2.lazai.chain.JobCompleted;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.mint.MintProperties.ProofDeadlinePolicy;
import social.gm2.lazai.mint.attestation.AttestationReconciler;
import social.gm2.lazai.mint.step.MintSteps;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.storage.Cid;
import social.gm2.lazai.storage.local.LocalContentStore;
import social.gm2.lazai.support.H2Database;
import social.gm2.lazai.support.MovableClock;
import social.gm2.lazai.support.TestSenders;
import social.gm2.lazai.support.TestServices;

/**
 * The mint state machine on the ports' fakes: {@link FakeLazaiChain}, {@link FakeProofNode}, the
 * local content store, an H2 database with the real migrations and a clock the test moves. Every
 * step, the lease and its heartbeat, retries and the proof deadline, without a server.
 */
class MintServiceTest {
  private static final String SEED = "Sign to retrieve your encryption key";
  private static final byte[] DATA = "private AI notes".getBytes(StandardCharsets.UTF_8);
  private static final Duration LEASE = Duration.ofSeconds(3);

  /** Hardhat's accounts #6 and #7, the pool's further wallets. */
  private static final String POOL_6 = "0x976ea74026e726554db657fa54763abd0c3a0aa9";

  private static final String POOL_7 = "0x14dc79964da2c08b23698b3d3cc7ca32193d9955";
  private static final String TREASURY = "0x00000000000000000000000000000000000047d5";

  @TempDir Path dir;
  private final MovableClock clock = new MovableClock();
  private final FakeLazaiChain chain = new FakeLazaiChain(clock, FakeLazaiChain.VERIFIED_COMPUTING);
  private final List<MintRunner> runners = new ArrayList<>();
  private H2Database db;
  private LocalContentStore content;
  private FakeProofNode nodes;
  private FakeProofNode.Node node;
  private AttestationReconciler reconciler;

  @BeforeEach
  void open() {
    db = H2Database.migrated(dir.resolve("db"));
    content = LocalContentStore.open(dir.resolve("ipfs"), 1, "http://127.0.0.1:1", 1 << 20, clock);
    nodes = new FakeProofNode(chain, this::download);
    node = nodes.start("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  }

  @AfterEach
  void close() {
    runners.forEach(MintRunner::close);
    db.close();
  }

  @Test
  void aSubmittedMintRunsEveryStepOnceAndWritesTheOriginalsRow() {
    Pipeline p = pipeline(properties(ProofDeadlinePolicy.REPORT, 3));
    String token = token();

    MintService.Submission submitted = p.service.submit(token, "notes.txt", DATA);
    Mint done = p.service.process(token);

    assertThat(submitted.created()).isTrue();
    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertThat(p.store.transitions(done.id()))
        .containsExactly(
            MintState.ACCEPTED,
            MintState.ENCRYPTED,
            MintState.UPLOADED,
            MintState.REGISTERED,
            MintState.PROOF_REQUESTED,
            MintState.PROOF_SUBMITTED,
            MintState.REWARDED,
            MintState.ATTESTED);
    assertThat(done.datAmount()).isEqualTo(BigInteger.valueOf(FakeProofNode.score(DATA)));
    assertThat(nodes.requests(new JobId(done.jobId()))).isEqualTo(1);
    int sent = chain.controls().transactionsSent();
    assertThat(sent).as("addFile, requestProof, requestReward").isEqualTo(3);
    Map<String, Object> original =
        db.jdbc().queryForMap("SELECT * FROM LazAIMintDAT WHERE tokenAddress = ?", token);
    assertThat(original.get("jobId").toString()).isEqualTo(done.jobId().toString());
    assertThat(original.get("transactionHash")).isEqualTo(done.rewardTxHash());
    assertThat(count("SELECT COUNT(*) FROM mint_payload")).isZero();

    MintService.Submission again = p.service.submit(token, "other.txt", new byte[] {1});
    assertThat(again.created()).isFalse();
    assertThat(again.mint().id()).isEqualTo(done.id());
    assertThat(p.service.process(token).state()).isEqualTo(MintState.ATTESTED);
    assertThat(chain.controls().transactionsSent()).as("nothing sent again").isEqualTo(sent);
  }

  @Test
  void anInvalidRequestIsRefusedBeforeAnythingIsStored() {
    Pipeline p = pipeline(properties(ProofDeadlinePolicy.REPORT, 3));

    assertThatThrownBy(() -> p.service.submit("0x12", "f.txt", DATA))
        .isInstanceOfSatisfying(
            InvalidMintRequestException.class,
            e -> assertThat(e.field()).isEqualTo("tokenAddress"));
    assertThatThrownBy(() -> p.service.submit(token(), "../f", DATA))
        .isInstanceOf(InvalidMintRequestException.class);
    assertThatThrownBy(() -> p.service.submit(token(), "f.txt", new byte[0]))
        .hasMessage("privacyData is empty; there is nothing to mint");
    assertThat(count("SELECT COUNT(*) FROM mint")).isZero();
  }

  @Test
  void aFailureThatMayPassPostponesTheMintAndTheSweepFinishesIt() {
    Pipeline p = pipeline(properties(ProofDeadlinePolicy.REPORT, 3));
    String token = token();
    chain.controls().rpcDown(true);

    p.service.submit(token, "notes.txt", DATA);
    assertThatThrownBy(() -> p.service.process(token))
        .isInstanceOfSatisfying(MintStepException.class, e -> assertThat(e.retryable()).isTrue());
    Mint postponed = p.store.find(token).orElseThrow();
    assertThat(postponed.state()).isEqualTo(MintState.UPLOADED);
    assertThat(postponed.attempts()).isEqualTo(1);
    assertThat(postponed.lastError()).startsWith("UPLOADED: ");
    assertThat(postponed.nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(30));

    assertThat(p.runner.sweep()).as("not due before the retry delay").isEmpty();
    clock.advance(Duration.ofSeconds(31));
    assertThatThrownBy(() -> sweepAndWait(p, token)).isInstanceOf(MintStepException.class);
    assertThat(p.store.find(token).orElseThrow().nextAttemptAt())
        .as("the delay doubles")
        .isEqualTo(clock.instant().plusSeconds(60));

    chain.controls().rpcDown(false);
    clock.advance(Duration.ofSeconds(61));
    assertThat(sweepAndWait(p, token).state()).isEqualTo(MintState.REWARDED);
  }

  @Test
  void aPermanentFailureStopsTheMintUntilItIsRetried() {
    Pipeline p = pipeline(properties(ProofDeadlinePolicy.REPORT, 3));
    String token = token();
    chain.controls().revertNextWrite(ContractError.INVALID_URL);

    p.service.submit(token, "notes.txt", DATA);
    Mint failed = p.service.process(token);

    assertThat(failed.state()).isEqualTo(MintState.FAILED);
    assertThat(failed.lastError()).startsWith("UPLOADED: ").contains("InvalidUrl");
    assertThatThrownBy(() -> p.service.retry(token())).isInstanceOf(NoSuchMintException.class);
    Mint reopened = p.service.retry(token);
    assertThat(reopened.state()).isEqualTo(MintState.UPLOADED);
    assertThat(reopened.lastError()).isNull();
    assertThat(p.service.process(token).state()).isEqualTo(MintState.REWARDED);
    assertThatThrownBy(() -> p.service.retry(token))
        .isInstanceOfSatisfying(
            MintStateConflictException.class,
            e -> assertThat(e.state()).isEqualTo(MintState.ATTESTED));
    assertThat(p.store.transitions(failed.id()))
        .containsSubsequence(MintState.UPLOADED, MintState.FAILED, MintState.UPLOADED);
  }

  @Test
  void aMintHeldByAnotherInstanceIsWaitedForNeverReportedUnfinished() {
    Pipeline upToRegister = pipeline(properties(ProofDeadlinePolicy.REPORT, 3), "a", 2);
    String token = token();
    upToRegister.service.submit(token, "notes.txt", DATA);
    Mint registered = upToRegister.service.process(token);
    assertThat(registered.state()).isEqualTo(MintState.REGISTERED);
    Pipeline other = pipeline(properties(ProofDeadlinePolicy.REPORT, 3), "other", 99);
    assertThat(
            other.store.lease(
                registered.id(), "other", clock.instant(), clock.instant().plus(LEASE)))
        .isTrue();

    Pipeline waiting = pipeline(properties(ProofDeadlinePolicy.REPORT, 3));
    CompletableFuture<Mint> run = waiting.runner.run(token);
    assertThatThrownBy(() -> run.get(300, TimeUnit.MILLISECONDS))
        .as("held by another live instance: looked at again and again, not answered")
        .isInstanceOf(TimeoutException.class);

    // The holder finishes it; the waiting run then answers with the settled mint.
    assertThat(other.service.process(token).state()).isEqualTo(MintState.REWARDED);
    // REWARDED, or already ATTESTED: the reconciler attests right after the reward commits.
    assertThat(run.join().state()).isIn(MintState.MINTED.toArray(MintState[]::new));
  }

  @Test
  void theHeartbeatKeepsAWorkingInstancesLeaseAndADeadOnesRunsOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch calling = new CountDownLatch(1);
    ProofNode slow =
        (url, request) -> {
          calling.countDown();
          await(release);
          nodes.requestProof(url, request);
        };
    // A lease long enough that the runner's own heartbeat (every 10 s) stays out of the way.
    Duration lease = Duration.ofSeconds(30);
    Pipeline p = pipeline(properties(ProofDeadlinePolicy.REPORT, 3, lease), "slow", 99, slow);
    String token = token();
    p.service.submit(token, "notes.txt", DATA);
    assertThat(calling.await(10, TimeUnit.SECONDS)).isTrue();

    clock.advance(lease.plusSeconds(1));
    assertThat(p.store.due(clock.instant(), 10))
        .as("unrenewed, the lease has run out")
        .extracting(Mint::tokenAddress)
        .contains(token);
    p.runner.heartbeat();
    assertThat(p.store.due(clock.instant(), 10))
        .as("renewed while its step works")
        .extracting(Mint::tokenAddress)
        .doesNotContain(token);

    release.countDown();
    assertThat(p.service.process(token).state()).isEqualTo(MintState.REWARDED);
  }

  @Test
  void anInterruptedStepIsNeitherAFailureNorAnAttempt() throws Exception {
    CountDownLatch calling = new CountDownLatch(1);
    List<Thread> worker = new ArrayList<>();
    ProofNode hanging =
        (url, request) -> {
          worker.add(Thread.currentThread());
          calling.countDown();
          await(new CountDownLatch(1));
        };
    Pipeline p = pipeline(properties(ProofDeadlinePolicy.REPORT, 3), "hang", 99, hanging);
    String token = token();
    p.service.submit(token, "notes.txt", DATA);
    assertThat(calling.await(10, TimeUnit.SECONDS)).isTrue();
    // The run in flight, taken before the interrupt: asked for later, a finished run would be
    // followed by a fresh one, which would call the hanging node again.
    CompletableFuture<Mint> run = p.runner.run(token);

    worker.get(0).interrupt();

    assertThat(run)
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(MintStepException.class, e -> assertThat(e.retryable()).isTrue());
    Mint mint = p.store.find(token).orElseThrow();
    assertThat(mint.state()).isEqualTo(MintState.PROOF_REQUESTED);
    assertThat(mint.attempts()).isZero();
    assertThat(mint.lastError()).isNull();
    assertThat(p.store.lease(mint.id(), "another", clock.instant(), clock.instant().plus(LEASE)))
        .as("released for another worker")
        .isTrue();
  }

  @Test
  void anOverdueJobIsReportedAndARetryGivesItAnotherDeadline() {
    Pipeline p = pipeline(properties(ProofDeadlinePolicy.REPORT, 3));
    String token = token();
    node.down(true);

    p.service.submit(token, "notes.txt", DATA);
    assertThatThrownBy(() -> p.service.process(token)).hasMessageContaining("did not answer");
    clock.advance(Duration.ofMinutes(31));
    Mint reported = p.service.process(token);

    assertThat(reported.state()).isEqualTo(MintState.FAILED);
    assertThat(reported.lastError())
        .contains("job " + reported.jobId())
        .contains("lazai.mint.proof-deadline-policy=report");
    node.down(false);
    p.service.retry(token);
    Mint done = p.service.process(token);
    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertThat(done.proofRequests()).as("the same job, given a new deadline").isEqualTo(1);
  }

  @Test
  void anOverdueJobIsReRequestedOnceAndNeverBeyondTheLimit() {
    FakeProofNode.Node second = nodes.start("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
    Pipeline p = pipeline(properties(ProofDeadlinePolicy.RE_REQUEST, 2));
    String token = token();
    node.down(true);
    second.down(true);

    p.service.submit(token, "notes.txt", DATA);
    assertThatThrownBy(() -> p.service.process(token)).hasMessageContaining("did not answer");
    Mint first = p.store.find(token).orElseThrow();
    clock.advance(Duration.ofMinutes(31));
    assertThatThrownBy(() -> p.service.process(token)).hasMessageContaining("did not answer");
    Mint again = p.store.find(token).orElseThrow();
    assertThat(again.proofRequests()).isEqualTo(2);
    assertThat(again.jobId()).isNotEqualTo(first.jobId());
    assertThat(p.store.transitions(again.id()))
        .containsSubsequence(MintState.PROOF_REQUESTED, MintState.PROOF_REQUESTED);

    clock.advance(Duration.ofMinutes(31));
    Mint limited = p.service.process(token);
    assertThat(limited.state()).isEqualTo(MintState.FAILED);
    assertThat(limited.lastError()).contains("lazai.mint.max-proof-requests");
    assertThat(chain.controls().transactionsSent())
        .as("addFile and two requestProof, each paid once")
        .isEqualTo(3);
  }

  @Test
  void aMintRewardedAfterItsAttestationWasStoredIsAttestedAtOnce() {
    Pipeline p = pipeline(properties(ProofDeadlinePolicy.REPORT, 3));
    String token = token();

    p.service.submit(token, "notes.txt", DATA);
    Mint rewarded = p.service.process(token);

    assertThat(rewarded.state()).isEqualTo(MintState.REWARDED);
    Mint now = p.store.find(token).orElseThrow();
    assertThat(now.state())
        .as("the node completed the job before the reward: its log was already there")
        .isEqualTo(MintState.ATTESTED);
    assertThat(now.attestator()).isEqualTo(node.address());
  }

  @Test
  void withAPoolEachMintIsWrittenByTheWalletThatRegisteredItAndItsDatGoesToTheTreasuryOnce() {
    FakeLazaiChain pool = chain.withPool(List.of(POOL_6, POOL_7));
    MintProperties properties = properties(ProofDeadlinePolicy.REPORT, 3, LEASE, TREASURY);
    Pipeline p = pipeline(properties, "pool", 99, nodes, pool);
    List<Mint> done = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String token = token();
      p.service.submit(token, "notes.txt", DATA);
      done.add(p.service.process(token));
    }

    Map<String, Integer> mintsPerWallet = new java.util.HashMap<>();
    for (Mint mint : done) {
      assertThat(mint.state()).isEqualTo(MintState.REWARDED);
      String wallet = pool.wallets().get((int) (mint.id() % 3));
      mintsPerWallet.merge(wallet, 1, Integer::sum);
      assertThat(mint.wallet()).as("picked by the mint's id").isEqualTo(wallet);
      var file = pool.file(new social.gm2.lazai.chain.FileId(mint.fileId()));
      assertThat(file.owner()).as("registered by that wallet").isEqualTo(wallet);
      assertThat(pool.job(new JobId(mint.jobId())).owner())
          .as("the proof requested and paid by the same wallet")
          .isEqualTo(wallet);
      assertThat(pool.rewardOf(file.id()).orElseThrow().owner())
          .as("the DAT minted to the file owner")
          .isEqualTo(wallet);
      assertThat(mint.datOwner()).isEqualTo(TREASURY);
      assertThat(mint.transferTxHash()).matches("0x[0-9a-f]{64}");
      assertThat(pool.datBalance(TREASURY, mint.datTokenId())).isEqualTo(mint.datAmount());
      assertThat(pool.datBalance(wallet, mint.datTokenId())).isZero();
    }
    assertThat(mintsPerWallet).as("spread over the pool").containsOnlyKeys(pool.wallets());
    for (String wallet : pool.wallets()) {
      assertThat(pool.as(wallet).controls().transactionsSent())
          .as("addFile, requestProof, requestReward and transferDat of each of its mints")
          .isEqualTo(4 * mintsPerWallet.get(wallet));
    }
    for (Mint mint : done) {
      assertThat(p.service.process(mint.tokenAddress()).datOwner()).isEqualTo(TREASURY);
    }
    for (String wallet : pool.wallets()) {
      assertThat(pool.as(wallet).controls().transactionsSent())
          .as("nothing sent again")
          .isEqualTo(4 * mintsPerWallet.get(wallet));
    }
  }

  @Test
  void anInstanceThatCrashedAfterTheTransferWasSentLeavesItToTheNextWhichSendsNothingAgain() {
    FakeLazaiChain pool = chain.withPool(List.of(POOL_6, POOL_7));
    MintProperties properties = properties(ProofDeadlinePolicy.REPORT, 3, LEASE, TREASURY);
    String token = token();
    Pipeline crashed = pipeline(properties, "crashed", 4, nodes, pool);
    crashed.service.submit(token, "notes.txt", DATA);
    Mint submitted = crashed.service.process(token);
    assertThat(submitted.state()).isEqualTo(MintState.PROOF_SUBMITTED);
    // What the crashed instance's reward step sent before it died, under the mint's intents.
    var owner = pool.as(submitted.wallet());
    var reward =
        owner.requestReward(
            submitted.intent("requestReward"),
            new social.gm2.lazai.chain.FileId(submitted.fileId()),
            submitted.proofIndex());
    var transfer =
        owner.transferDat(
            submitted.intent("transferDat"), reward.tokenId(), reward.amount(), TREASURY);
    int sent = owner.controls().transactionsSent();

    Mint done = pipeline(properties, "next", 99, nodes, pool).service.process(token);

    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertThat(done.rewardTxHash()).isEqualTo(reward.tx().hash());
    assertThat(done.transferTxHash()).as("the transfer already sent").isEqualTo(transfer.hash());
    assertThat(done.datOwner()).isEqualTo(TREASURY);
    assertThat(owner.controls().transactionsSent()).as("nothing sent again").isEqualTo(sent);
    assertThat(pool.datBalance(TREASURY, reward.tokenId())).isEqualTo(reward.amount());
  }

  @Test
  void withoutAPoolOrTreasuryTheServiceWalletWritesAndKeepsTheDat() {
    Pipeline p = pipeline(properties(ProofDeadlinePolicy.REPORT, 3));
    String token = token();
    p.service.submit(token, "notes.txt", DATA);

    Mint done = p.service.process(token);

    assertThat(done.wallet()).isEqualTo(FakeLazaiChain.WALLET);
    assertThat(done.datOwner()).isEqualTo(FakeLazaiChain.WALLET);
    assertThat(done.transferTxHash()).isNull();
    assertThat(chain.datBalance(FakeLazaiChain.WALLET, done.datTokenId()))
        .isEqualTo(done.datAmount());
  }

  @Test
  void aMintWhoseWalletLeftThePoolFailsNamingItInsteadOfWritingAsAnother() {
    FakeLazaiChain pool = chain.withPool(List.of(POOL_6, POOL_7));
    String token = token();
    // Ids 1, 2, 3…: the first mint is registered by the pool's second wallet.
    Pipeline before = pipeline(properties(ProofDeadlinePolicy.REPORT, 3), "before", 2, nodes, pool);
    before.service.submit(token, "notes.txt", DATA);
    Mint registered = before.service.process(token);
    assertThat(registered.state()).isEqualTo(MintState.REGISTERED);
    assertThat(registered.wallet()).isEqualTo(POOL_6);

    Mint after =
        pipeline(properties(ProofDeadlinePolicy.REPORT, 3), "after", 99, nodes, chain)
            .service
            .process(token);

    assertThat(after.state()).isEqualTo(MintState.FAILED);
    assertThat(after.lastError()).contains(POOL_6, "no longer one of the sending wallets");
    assertThat(chain.controls().transactionsSent()).as("the service wallet sent nothing").isZero();
  }

  /** A service instance on the shared fakes and database: store, steps, runner, service. */
  private record Pipeline(MintStore store, MintRunner runner, MintService service) {}

  private Pipeline pipeline(MintProperties properties) {
    return pipeline(properties, "instance-" + runners.size(), 99);
  }

  private Pipeline pipeline(MintProperties properties, String owner, int steps) {
    return pipeline(properties, owner, steps, nodes);
  }

  /** With the first {@code steps} steps only, as an instance that stops (crashes) after them. */
  private Pipeline pipeline(MintProperties properties, String owner, int steps, ProofNode proof) {
    return pipeline(properties, owner, steps, proof, chain);
  }

  /** On {@code onChain}: the shared fake chain as one view or another (a sender pool). */
  private Pipeline pipeline(
      MintProperties properties,
      String owner,
      int steps,
      ProofNode proof,
      social.gm2.lazai.chain.LazaiChain onChain) {
    MintStore store =
        new MintStore(db.jdbc(), db.tx(), clock, false, event -> deliver(event, properties));
    Signer wallet = TestSenders.signer(TestServices.DEV_PRIVATE_KEY);
    List<MintStep> all =
        MintSteps.of(
            new MintSteps.Ports(content, onChain, proof, wallet, new SimpleMeterRegistry()),
            store,
            properties,
            clock);
    MintRunner runner =
        new MintRunner(
            store, all.subList(0, Math.min(steps, all.size())), properties, clock, owner);
    runners.add(runner);
    MintService service =
        new MintService(
            store,
            runner,
            properties,
            wallet,
            new PasswordCipher(clock, new SecureRandom()),
            clock);
    return new Pipeline(store, runner, service);
  }

  /** The service's listener: the mint side of attestations, on the fake chain's logs. */
  private void deliver(Object event, MintProperties properties) {
    if (event instanceof MintMoved moved) {
      if (reconciler == null) {
        MintStore store = new MintStore(db.jdbc(), db.tx(), clock, false, e -> {});
        reconciler =
            new AttestationReconciler(
                store,
                new ChainAttestations(),
                Duration.ofMinutes(30),
                clock,
                new SimpleMeterRegistry());
      }
      reconciler.onMoved(moved);
    }
  }

  /** Attestations as the poller would have stored them: every JobComplete on the fake chain. */
  private final class ChainAttestations implements Attestations {
    @Override
    public Optional<Attestation> find(JobId jobId) {
      return chain.jobsCompleted(0, chain.head()).stream()
          .filter(log -> log.jobId().equals(jobId))
          .findFirst()
          .map(ChainAttestations::attestation);
    }

    @Override
    public Optional<Attestation> check(JobId jobId, long rewardBlock) {
      return find(jobId);
    }

    @Override
    public long scannedThrough() {
      return chain.head();
    }

    private static Attestation attestation(JobCompleted log) {
      return new Attestation(
          log.jobId(),
          log.fileId(),
          log.attestator(),
          log.txHash(),
          log.logIndex(),
          log.blockNumber(),
          log.blockHash());
    }
  }

  private Mint sweepAndWait(Pipeline p, String token) {
    List<CompletableFuture<Mint>> runs = p.runner.sweep();
    assertThat(runs).hasSize(1);
    try {
      return runs.get(0).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw (RuntimeException) e.getCause();
    }
  }

  private static MintProperties properties(ProofDeadlinePolicy policy, int maxProofRequests) {
    return properties(policy, maxProofRequests, LEASE);
  }

  private static MintProperties properties(
      ProofDeadlinePolicy policy, int maxProofRequests, Duration lease) {
    return properties(policy, maxProofRequests, lease, null);
  }

  private static MintProperties properties(
      ProofDeadlinePolicy policy, int maxProofRequests, Duration lease, String treasury) {
    return new MintProperties(
        SEED,
        null,
        null,
        null,
        null,
        Duration.ofMinutes(3),
        false,
        Duration.ofMinutes(30),
        policy,
        maxProofRequests,
        lease,
        null,
        null,
        null,
        null,
        treasury);
  }

  private byte[] download(String url) throws IOException {
    String cid = URI.create(url).getPath().replace("/ipfs/", "");
    try (var open = content.open(new Cid(cid)).orElseThrow(() -> new IOException("no " + cid))) {
      return open.stream().readAllBytes();
    }
  }

  private int count(String sql) {
    return db.jdbc().queryForObject(sql, Integer.class);
  }

  private static String token() {
    byte[] address = new byte[20];
    new SecureRandom().nextBytes(address);
    return "0x" + HexFormat.of().formatHex(address);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw MintStepException.retryable("the test's node waited 60 s for nothing", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MintStepException.retryable("interrupted while calling the node", e);
    }
  }
}
