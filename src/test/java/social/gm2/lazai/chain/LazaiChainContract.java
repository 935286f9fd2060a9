package social.gm2.lazai.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.support.Await;

/**
 * What every {@link LazaiChain} must do, run against the web3j adapter on Hardhat with the devnet
 * contracts and against {@link FakeLazaiChain}. The hooks do what the port cannot: act as another
 * account, mine, snapshot and revert, take the RPC endpoint down. Tests may share one chain, so
 * each works on files of its own and leaves the registered nodes as it found them.
 */
public abstract class LazaiChainContract {
  protected static final Duration WAIT = Duration.ofSeconds(60);
  protected static final String ZERO_ADDRESS = "0x" + "0".repeat(40);
  private static final BigInteger FAR = BigInteger.valueOf(1_000_000_000L);

  private final String run = UUID.randomUUID().toString();

  /** The port as the service uses it: its wallet, its intent store. */
  protected abstract LazaiChain chain();

  /** The same wallet and intent store, with writes that wait at most {@code timeout}. */
  protected abstract LazaiChain chainWithReceiptTimeout(Duration timeout);

  /** The active nodes as registered at the start, in order (lower-case): three of them. */
  protected abstract List<String> nodes();

  protected abstract String nodeUrl(String node);

  protected abstract String nodePublicKey(String node);

  /** An account that is no node. */
  protected abstract String stranger();

  /** {@code completeJob} sent by {@code node}. */
  protected abstract ChainTx completeJob(String node, JobId job);

  /** {@code addProof} for the file, sent and signed by {@code account}, with this score. */
  protected abstract void addProof(String account, FileId file, String url, int score);

  /**
   * {@code addFile} of the URL sent by {@code account} with a higher fee than the service pays, not
   * waited for: with automine off, the next block mines it before the service's pending write.
   */
  protected abstract void addFileAhead(String account, String url);

  /** The maintainer's {@code removeNode}. */
  protected abstract void removeNode(String node);

  /** The maintainer's {@code addNode} of a node of {@link #nodes()}, with its URL and key. */
  protected abstract void registerAgain(String node);

  /** The maintainer's {@code updateNodeFee}. */
  protected abstract void setNodeFee(BigInteger fee);

  /** The maintainer's {@code updatePublicKey} of the DataRegistry. */
  protected abstract void setRegistryPublicKey(String pem);

  /** Hardhat's automine; turning it on does not mine what is pending. */
  protected abstract void automine(boolean on);

  /** One block with every pending transaction (evm_mine). */
  protected abstract void mine();

  protected abstract int pendingTransactions();

  /** A snapshot of the chain now (evm_snapshot); running the answer reverts to it (evm_revert). */
  protected abstract Runnable snapshot();

  /** The service's RPC endpoint stops answering (HTTP 503), or answers again. */
  protected abstract void rpcDown(boolean down);

  protected abstract String verifiedComputing();

  /**
   * The port with a sender pool: the service wallet of {@link #chain()} first, then two more
   * wallets, each with its own nonce stream, sharing the intent store.
   */
  protected abstract LazaiChain pool();

  /** An account the DATs may be transferred to, none of the pool's wallets. */
  protected abstract String treasury();

  protected abstract long deploymentBlock();

  @Test
  void aFileIsRegisteredOnceByItsExactUrlWithItsIdFromTheLog() {
    String url = url();
    Registration registration = chain().addFile(key("addFile"), url, "c0ffee");
    FileRecord file = registration.file();

    assertThat(file.url()).isEqualTo(url);
    assertThat(file.hash()).isEqualTo("c0ffee");
    assertThat(file.owner()).isEqualTo(chain().wallet());
    assertThat(file.rewarded()).isFalse();
    assertThat(file.proofIndex()).isZero();
    assertThat(chain().file(file.id())).isEqualTo(file);
    assertThat(chain().fileIdByUrl(url)).contains(file.id());
    assertThat(chain().fileIdByUrl(url + "&again")).as("exact URL only").isEmpty();
    assertThat(registration.tx().hash()).matches("0x[0-9a-f]{64}");
    assertThat(registration.tx().blockNumber()).isBetween(deploymentBlock(), chain().head());
    assertThat(chain().blockHash(registration.tx().blockNumber())).isPresent();
    assertThat(chain().addFile(key("addFile"), url, "")).as("same intent").isEqualTo(registration);
    assertThat(chain().addFile(key("another intent"), url, ""))
        .as("URL already registered: the file and the transaction that registered it")
        .isEqualTo(registration);
    assertThat(chain().addFile(key("next"), url(), "").file().id().value())
        .as("ids count up by one")
        .isEqualTo(file.id().value().add(BigInteger.ONE));
  }

  @Test
  void whatTheChainDoesNotHoldReadsAsEmpty() {
    FileId noFile = new FileId(FAR);
    JobId noJob = new JobId(FAR);

    assertThat(chain().fileIdByUrl(url())).isEmpty();
    assertThat(chain().file(noFile))
        .isEqualTo(new FileRecord(noFile, ZERO_ADDRESS, "", "", BigInteger.ZERO, BigInteger.ZERO));
    assertThat(chain().job(noJob))
        .isEqualTo(
            new ProofJob(
                noJob, null, BigInteger.ZERO, ProofJob.Status.NONE, 0, ZERO_ADDRESS, ZERO_ADDRESS));
    assertThat(chain().node(stranger()))
        .isEqualTo(
            new NodeInfo(
                stranger(), "", NodeInfo.Status.NONE, BigInteger.ZERO, BigInteger.ZERO, ""));
    assertThat(chain().fileJobIds(noFile)).isEmpty();
    assertThat(chain().rewardOf(noFile)).isEmpty();
    assertThat(chain().proofIndexAddedBy(noFile, nodes().get(0))).isEmpty();
    assertThat(chain().blockHash(chain().head() + 1_000)).isEmpty();
  }

  @Test
  void aProofRequestPaysTheFeeAndGoesToTheActiveNodesInTurn() {
    FileId file = chain().addFile(key("file"), url(), "").file().id();
    BigInteger fee = chain().nodeFee();

    ProofRequest first = chain().requestProof(key("proof 1"), file);
    ProofRequest second = chain().requestProof(key("proof 2"), file);

    assertThat(first.fee()).isEqualTo(fee);
    assertThat(first.fileId()).isEqualTo(file);
    assertThat(first.node()).isEqualTo(inTurn(nodes(), first.jobId()));
    assertThat(second.jobId().value()).isEqualTo(first.jobId().value().add(BigInteger.ONE));
    assertThat(second.node()).isEqualTo(inTurn(nodes(), second.jobId())).isNotEqualTo(first.node());
    assertThat(chain().requestProof(key("proof 1"), file)).as("same intent").isEqualTo(first);
    assertThat(chain().fileJobIds(file)).containsExactly(first.jobId(), second.jobId());
    ProofJob job = chain().job(first.jobId());
    assertThat(job.status()).isEqualTo(ProofJob.Status.SUBMITTED);
    assertThat(job.fileId()).isEqualTo(file);
    assertThat(job.bidAmount()).isEqualTo(fee);
    assertThat(job.owner()).isEqualTo(chain().wallet());
    assertThat(job.node()).isEqualTo(first.node());
    assertThat(job.addedTimestamp()).isPositive();
    NodeInfo node = chain().node(first.node());
    assertThat(node.url()).isEqualTo(nodeUrl(first.node()));
    assertThat(node.publicKey()).isEqualTo(nodePublicKey(first.node()));
    assertThat(node.status()).isEqualTo(NodeInfo.Status.ACTIVE);
    assertThat(node.jobsCount()).isPositive();
  }

  @Test
  void theFeeIsReadFromTheChainForEachRequest() {
    FileId file = chain().addFile(key("file"), url(), "").file().id();
    BigInteger before = chain().nodeFee();
    setNodeFee(before.add(BigInteger.valueOf(23)));
    try {
      ProofRequest proof = chain().requestProof(key("proof"), file);
      assertThat(proof.fee()).isEqualTo(before.add(BigInteger.valueOf(23)));
      assertThat(chain().job(proof.jobId()).bidAmount()).isEqualTo(proof.fee());
    } finally {
      setNodeFee(before);
    }
  }

  @Test
  void mintsADataAnchoringTokenStepByStep() {
    LazaiChain owner = chain();
    String url = "https://gateway.pinata.cloud/ipfs/QmFlowTest" + run + "?download=true";

    Registration registration = owner.addFile(key("flow addFile"), url, "");
    FileRecord file = registration.file();
    assertThat(owner.addFile(key("flow addFile"), url, ""))
        .as("same intent")
        .isEqualTo(registration);
    assertThat(owner.addFile(key("another intent"), url, ""))
        .as("URL already registered: the file and the transaction that registered it")
        .isEqualTo(registration);
    assertThat(owner.fileIdByUrl(url)).contains(file.id());
    assertThat(file.owner()).isEqualTo(owner.wallet());

    ProofRequest proof = owner.requestProof(key("flow requestProof"), file.id());
    assertThat(proof.fee()).isEqualTo(owner.nodeFee()).isEqualTo(BigInteger.valueOf(100));
    assertThat(proof.node()).isEqualTo(inTurn(nodes(), proof.jobId()));
    assertThat(owner.requestProof(key("flow requestProof"), file.id()))
        .as("same intent")
        .isEqualTo(proof);
    assertThat(owner.fileJobIds(file.id())).containsExactly(proof.jobId());
    ProofJob job = owner.job(proof.jobId());
    assertThat(job.status()).isEqualTo(ProofJob.Status.SUBMITTED);
    assertThat(job.fileId()).isEqualTo(file.id());
    NodeInfo node = owner.node(proof.node());
    assertThat(node.url()).isEqualTo(nodeUrl(proof.node()));
    assertThat(node.publicKey()).isEqualTo(nodePublicKey(proof.node()));
    assertThat(node.status()).isEqualTo(NodeInfo.Status.ACTIVE);

    int score = 4242;
    completeJob(proof.node(), proof.jobId());
    addProof(proof.node(), file.id(), url, score);
    assertThat(owner.job(proof.jobId()).status()).isEqualTo(ProofJob.Status.COMPLETED);
    BigInteger index = owner.proofIndexAddedBy(file.id(), proof.node()).orElseThrow();

    Reward reward = owner.requestReward(key("flow requestReward"), file.id(), index);
    assertThat(reward.amount()).isEqualTo(BigInteger.valueOf(score));
    assertThat(reward.owner()).isEqualTo(owner.wallet());
    assertThat(reward.tokenId()).isPositive();
    assertThat(reward.fileId()).isEqualTo(file.id());
    assertThat(owner.requestReward(key("a second reward"), file.id(), index))
        .as("FileAlreadyRewarded answers with the first reward")
        .isEqualTo(reward);
    assertThat(owner.rewardOf(file.id())).contains(reward);
    assertThat(owner.file(file.id()).rewarded()).isTrue();
    assertThat(owner.file(file.id()).rewardAmount()).isEqualTo(BigInteger.valueOf(score));
    assertThat(owner.file(file.id()).proofIndex()).isEqualTo(index);

    List<JobCompleted> completed = owner.jobsCompleted(deploymentBlock(), owner.head());
    assertThat(completed)
        .anySatisfy(
            c -> {
              assertThat(c.jobId()).isEqualTo(proof.jobId());
              assertThat(c.fileId()).isEqualTo(file.id());
              assertThat(c.attestator()).isEqualTo(proof.node());
              assertThat(c.emitter()).isEqualTo(verifiedComputing().toLowerCase());
            });
  }

  @Test
  void theFileOwnerGrantsAPermissionOnceUnderItsIntentAndNobodyElseMay() {
    String pem = "-----BEGIN RSA PUBLIC KEY-----\n" + run + "\n-----END RSA PUBLIC KEY-----\n";
    setRegistryPublicKey(pem);
    String registry = chain().registryAddress();
    FileId file = chain().addFile(key("permission addFile"), url(), "").file().id();

    assertThat(chain().registryPublicKey()).isEqualTo(pem);
    assertThat(registry).matches("0x[0-9a-f]{40}");
    assertThat(chain().filePermission(file, registry)).isEmpty();
    ChainTx granted = chain().addPermissionForFile(key("permission"), file, registry, "0a1b2c");
    assertThat(granted.hash()).matches("0x[0-9a-f]{64}");
    assertThat(granted.blockNumber()).isBetween(deploymentBlock(), chain().head());
    assertThat(chain().filePermission(file, registry)).contains("0a1b2c");
    assertThat(chain().filePermission(file, stranger())).as("per account").isEmpty();
    assertThat(chain().addPermissionForFile(key("permission"), file, registry, "ffff"))
        .as("same intent: the transaction already sent, nothing sent again")
        .isEqualTo(granted);
    assertThat(chain().filePermission(file, registry)).contains("0a1b2c");
    LazaiChain other = pool().as(pool().wallets().get(1));
    assertThatThrownBy(
            () -> other.addPermissionForFile(key("permission by another"), file, registry, "ff"))
        .isInstanceOfSatisfying(
            ContractRevertException.class,
            e -> {
              assertThat(e.error()).contains(ContractError.NOT_FILE_OWNER);
              assertThat(e.retryable()).isFalse();
            });
    assertThat(chain().filePermission(file, registry)).contains("0a1b2c");
  }

  @Test
  void aRewardWithoutAProofIsATypedPermanentRevert() {
    LazaiChain owner = chain();
    FileRecord file = owner.addFile(key("no proof addFile"), url(), "").file();

    assertThatThrownBy(() -> owner.requestReward(key("no proof reward"), file.id(), BigInteger.ONE))
        .isInstanceOfSatisfying(
            ContractRevertException.class,
            e -> {
              assertThat(e.error()).contains(ContractError.ECDSA_INVALID_SIGNATURE_LENGTH);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("requestReward", "ECDSAInvalidSignatureLength");
            });
    assertThat(owner.rewardOf(file.id())).isEmpty();
  }

  @Test
  void aProofSignedByAStrangerIsRefusedAsInvalidAttestator() {
    LazaiChain owner = chain();
    String url = url();
    FileRecord file = owner.addFile(key("stranger addFile"), url, "").file();
    addProof(stranger(), file.id(), url, 99);

    assertThatThrownBy(() -> owner.requestReward(key("stranger reward"), file.id(), BigInteger.ONE))
        .isInstanceOfSatisfying(
            ContractRevertException.class,
            e -> {
              assertThat(e.error()).contains(ContractError.INVALID_ATTESTATOR);
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void theProofIndexIsTheOneTheNodeAddedNotTheFirst() {
    String url = url();
    FileId file = chain().addFile(key("file"), url, "").file().id();
    String node = nodes().get(0);
    addProof(stranger(), file, url, 7);
    addProof(node, file, url, 5150);

    assertThat(chain().proofIndexAddedBy(file, stranger())).contains(BigInteger.ONE);
    assertThat(chain().proofIndexAddedBy(file, node.toUpperCase().replace("0X", "0x")))
        .contains(BigInteger.TWO);
    assertThat(chain().requestReward(key("reward"), file, BigInteger.TWO).amount())
        .isEqualTo(BigInteger.valueOf(5150));
  }

  @Test
  void completedJobsAreReadFromTheLogsOfTheirBlocks() {
    ProofRequest proof = openJob();
    NodeInfo before = chain().node(proof.node());

    ChainTx done = completeJob(proof.node(), proof.jobId());

    assertThat(chain().jobsCompleted(done.blockNumber(), done.blockNumber()))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.emitter()).isEqualTo(verifiedComputing().toLowerCase());
              assertThat(c.attestator()).isEqualTo(proof.node());
              assertThat(c.jobId()).isEqualTo(proof.jobId());
              assertThat(c.fileId()).isEqualTo(proof.fileId());
              assertThat(c.txHash()).isEqualTo(done.hash());
              assertThat(c.blockNumber()).isEqualTo(done.blockNumber());
              assertThat(c.blockHash()).isEqualTo(chain().blockHash(done.blockNumber()).get());
              assertThat(c.logIndex()).isNotNegative();
            });
    assertThat(chain().jobsCompleted(proof.tx().blockNumber(), done.blockNumber() - 1))
        .noneMatch(c -> c.jobId().equals(proof.jobId()));
    NodeInfo after = chain().node(proof.node());
    assertThat(after.jobsCount()).isEqualTo(before.jobsCount().subtract(BigInteger.ONE));
    assertThat(after.amount()).isEqualTo(before.amount().add(proof.fee()));
  }

  @Test
  void aReorgDropsTheBlocksAboveTheSnapshotWithTheirLogsAndEffects() {
    ProofRequest proof = openJob();
    Runnable revert = snapshot();
    long base = chain().head();
    ChainTx done = completeJob(proof.node(), proof.jobId());
    mine();
    String dropped = chain().blockHash(done.blockNumber()).orElseThrow();
    assertThat(chain().jobsCompleted(base + 1, chain().head()))
        .extracting(JobCompleted::jobId)
        .containsExactly(proof.jobId());

    revert.run();
    assertThat(chain().head()).isEqualTo(base);
    assertThat(chain().blockHash(done.blockNumber())).isEmpty();
    assertThat(chain().job(proof.jobId()).status()).isEqualTo(ProofJob.Status.SUBMITTED);
    mine();
    assertThat(chain().blockHash(done.blockNumber())).isPresent().get().isNotEqualTo(dropped);
    assertThat(chain().jobsCompleted(base + 1, chain().head())).isEmpty();

    ChainTx again = completeJob(proof.node(), proof.jobId());
    assertThat(chain().jobsCompleted(base + 1, chain().head()))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.blockNumber()).isEqualTo(again.blockNumber()).isGreaterThan(base + 1);
              assertThat(c.blockHash()).isEqualTo(chain().blockHash(again.blockNumber()).get());
            });
  }

  @Test
  void aWriteDroppedByAReorgIsMinedAgainByItsIntent() {
    String url = url();
    Runnable revert = snapshot();
    Registration first = chain().addFile(key("dropped"), url, "");
    revert.run();
    assertThat(chain().fileIdByUrl(url)).isEmpty();

    Registration again = chain().addFile(key("dropped"), url, "");

    assertThat(again.tx().hash()).as("the same transaction").isEqualTo(first.tx().hash());
    assertThat(again.file()).isEqualTo(first.file());
  }

  @Test
  void aUrlRegisteredAheadOfOurPendingWriteIsAnsweredWithThatFile() throws Exception {
    String url = url();
    automine(false);
    try {
      var ours = CompletableFuture.supplyAsync(() -> chain().addFile(key("raced"), url, ""));
      // Ours passed its estimate with the URL free; the stranger's pays more and is mined first,
      // so ours is mined reverting with FileUrlAlreadyUsed.
      Await.until(WAIT, this::pendingTransactions, n -> n == 1);
      addFileAhead(stranger(), url);
      Await.until(WAIT, this::pendingTransactions, n -> n == 2);
      mine();
      Registration answer = ours.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(answer.file().owner()).isEqualTo(stranger());
      assertThat(answer.file().url()).isEqualTo(url);
      assertThat(chain().fileIdByUrl(url)).contains(answer.file().id());
      assertThat(chain().addFile(key("raced"), url, "")).as("and again").isEqualTo(answer);
    } finally {
      automine(true);
    }
  }

  @Test
  void aSecondWriteOfAUrlWhoseRegistrationIsPendingIsRefusedAtItsEstimate() throws Exception {
    String url = url();
    automine(false);
    try {
      var first = CompletableFuture.supplyAsync(() -> chain().addFile(key("first"), url, ""));
      Await.until(WAIT, this::pendingTransactions, n -> n == 1);
      // Hardhat estimates on the pending block, where the URL is taken: nothing is sent.
      assertThatThrownBy(() -> chain().addFile(key("second"), url, ""))
          .isInstanceOfSatisfying(
              ContractRevertException.class,
              e -> {
                assertThat(e.error()).contains(ContractError.FILE_URL_ALREADY_USED);
                assertThat(e.txHash()).isNull();
              });
      assertThat(pendingTransactions()).isEqualTo(1);
      mine();
      Registration registered = first.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(chain().addFile(key("second"), url, "")).isEqualTo(registered);
    } finally {
      automine(true);
    }
  }

  @Test
  void aWriteNotMinedInTimeIsARetryableTimeoutAndItsIntentAnswersOnceMined() throws Exception {
    FileId file = chain().addFile(key("file"), url(), "").file().id();
    ProofRequest later;
    ReceiptTimeoutException timeout;
    automine(false);
    try {
      timeout =
          catchThrowableOfType(
              ReceiptTimeoutException.class,
              () ->
                  chainWithReceiptTimeout(Duration.ofMillis(500)).requestProof(key("slow"), file));
      assertThat(timeout.retryable()).isTrue();
      assertThat(timeout.txHash()).matches("0x[0-9a-f]{64}");
      assertThat(pendingTransactions()).isEqualTo(1);
      var again = CompletableFuture.supplyAsync(() -> chain().requestProof(key("slow"), file));
      mine();
      later = again.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } finally {
      automine(true);
    }
    assertThat(later.tx().hash()).isEqualTo(timeout.txHash());
    assertThat(chain().fileJobIds(file))
        .as("one transaction, one job")
        .containsExactly(later.jobId());
  }

  @Test
  void noActiveNodeIsARetryableRevertThatSendsNothing() {
    FileId file = chain().addFile(key("file"), url(), "").file().id();
    nodes().forEach(this::removeNode);
    try {
      assertThat(chain().node(nodes().get(0)).status()).isEqualTo(NodeInfo.Status.REMOVED);
      assertThatThrownBy(() -> chain().requestProof(key("proof"), file))
          .isInstanceOfSatisfying(
              ContractRevertException.class,
              e -> {
                assertThat(e.error()).contains(ContractError.NO_ACTIVE_NODE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.txHash()).isNull();
                assertThat(e.getMessage()).contains("requestProof", "NoActiveNode()");
              });
      assertThat(chain().fileJobIds(file)).isEmpty();
    } finally {
      nodes()
          .forEach(this::registerAgain); // each removal took the last one's place: order restored
    }
    assertThat(chain().requestProof(key("proof"), file).fileId())
        .as("nothing was stored under the intent")
        .isEqualTo(file);
  }

  @Test
  void aRemovedNodeLeavesTheTurnToTheLastAndComesBackLast() {
    FileId file = chain().addFile(key("file"), url(), "").file().id();
    assertThat(nodes()).hasSize(3);
    String a = nodes().get(0);
    String b = nodes().get(1);
    String c = nodes().get(2);
    removeNode(a);
    try {
      // OpenZeppelin's EnumerableSet.remove moves the last element into the gap: [c, b].
      List<String> active = List.of(c, b);
      for (String intent : List.of("without a 1", "without a 2")) {
        ProofRequest proof = chain().requestProof(key(intent), file);
        assertThat(proof.node()).isEqualTo(inTurn(active, proof.jobId()));
      }
      registerAgain(a);
      for (String intent : List.of("a last 1", "a last 2", "a last 3")) {
        ProofRequest proof = chain().requestProof(key(intent), file);
        assertThat(proof.node()).isEqualTo(inTurn(List.of(c, b, a), proof.jobId()));
      }
      assertThat(chain().node(a).status()).isEqualTo(NodeInfo.Status.ACTIVE);
    } finally {
      // Back to the registration order: [c, b, a] without c is [a, b]; c then comes last.
      if (chain().node(a).status() != NodeInfo.Status.ACTIVE) {
        registerAgain(a);
      }
      removeNode(c);
      registerAgain(c);
    }
  }

  @Test
  void anRpcEndpointThatDoesNotAnswerIsRetryableAndNothingIsSent() {
    String url = url();
    rpcDown(true);
    try {
      assertThatThrownBy(() -> chain().head())
          .isInstanceOfSatisfying(
              RpcUnavailableException.class, e -> assertThat(e.retryable()).isTrue());
      assertThatThrownBy(() -> chain().addFile(key("down"), url, ""))
          .isInstanceOf(RpcUnavailableException.class);
      assertThatThrownBy(() -> chain().job(JobId.of(1)))
          .isInstanceOf(RpcUnavailableException.class);
      assertThatThrownBy(() -> chain().jobsCompleted(0, 1))
          .isInstanceOf(RpcUnavailableException.class);
    } finally {
      rpcDown(false);
    }
    assertThat(chain().fileIdByUrl(url)).isEmpty();
    assertThat(chain().addFile(key("down"), url, "").file().url()).isEqualTo(url);
  }

  @Test
  void eachWalletOfAPoolOwnsWhatItRegistersAndItsDatMovesToTheTreasuryOnce() throws Exception {
    LazaiChain pool = pool();
    List<String> wallets = pool.wallets();
    assertThat(wallets).hasSize(3).doesNotHaveDuplicates().doesNotContain(treasury());
    assertThat(wallets.get(0)).isEqualTo(chain().wallet()).isEqualTo(pool.wallet());
    assertThat(chain().wallets())
        .as("without a pool: the one wallet")
        .containsExactly(chain().wallet());
    assertThatThrownBy(() -> pool.as(stranger())).isInstanceOf(IllegalArgumentException.class);

    // The three wallets register at once: with automine off, all three are pending together.
    List<String> urls = wallets.stream().map(w -> url()).toList();
    List<Registration> registrations;
    automine(false);
    try {
      List<CompletableFuture<Registration>> sends = new java.util.ArrayList<>();
      for (int i = 0; i < wallets.size(); i++) {
        LazaiChain as = pool.as(wallets.get(i));
        String url = urls.get(i);
        sends.add(
            CompletableFuture.supplyAsync(() -> as.addFile(key("pool addFile " + url), url, "")));
      }
      Await.until(WAIT, this::pendingTransactions, n -> n == wallets.size());
      mine();
      registrations = new java.util.ArrayList<>();
      for (var send : sends) {
        registrations.add(send.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
    } finally {
      automine(true);
    }
    assertThat(registrations)
        .extracting(r -> r.tx().blockNumber())
        .as("one block: no wallet waited for another's nonce")
        .containsOnly(registrations.get(0).tx().blockNumber());

    for (int i = 0; i < wallets.size(); i++) {
      String wallet = wallets.get(i);
      LazaiChain as = pool.as(wallet);
      assertThat(as.wallet()).isEqualTo(wallet);
      assertThat(as.wallets()).isEqualTo(wallets);
      assertThat(as.as(wallet)).as("the same view").isSameAs(as);
      FileRecord file = registrations.get(i).file();
      assertThat(file.owner())
          .as("the file belongs to the wallet that sent addFile")
          .isEqualTo(wallet);

      ProofRequest proof = as.requestProof(key("pool requestProof " + wallet), file.id());
      assertThat(as.job(proof.jobId()).owner()).isEqualTo(wallet);
      completeJob(proof.node(), proof.jobId());
      addProof(proof.node(), file.id(), urls.get(i), 70 + i);
      BigInteger index = as.proofIndexAddedBy(file.id(), proof.node()).orElseThrow();
      Reward reward = as.requestReward(key("pool requestReward " + wallet), file.id(), index);
      BigInteger amount = BigInteger.valueOf(70 + i);
      assertThat(reward.owner()).as("the DAT goes to the file owner").isEqualTo(wallet);
      assertThat(as.datBalance(wallet, reward.tokenId())).isEqualTo(amount);
      assertThat(as.datBalance(treasury(), reward.tokenId())).isZero();

      ChainTx moved =
          as.transferDat(
              key("pool transferDat " + wallet), reward.tokenId(), reward.amount(), treasury());
      assertThat(moved.hash()).matches("0x[0-9a-f]{64}");
      assertThat(
              as.transferDat(
                  key("pool transferDat " + wallet), reward.tokenId(), reward.amount(), treasury()))
          .as("the same intent: the transfer already sent, not another")
          .isEqualTo(moved);
      assertThat(as.datBalance(wallet, reward.tokenId())).isZero();
      assertThat(as.datBalance(treasury(), reward.tokenId())).isEqualTo(amount);
      assertThatThrownBy(
              () ->
                  as.transferDat(
                      key("pool transferDat again " + wallet),
                      reward.tokenId(),
                      reward.amount(),
                      treasury()))
          .as("a second transfer under another intent has nothing to move")
          .isInstanceOfSatisfying(
              ContractRevertException.class,
              e -> {
                assertThat(e.error()).contains(ContractError.ERC1155_INSUFFICIENT_BALANCE);
                assertThat(e.txHash()).as("refused at its estimate: nothing sent").isNull();
              });
    }
  }

  // ----------------------------------------------------------------------------------- helpers

  /** VerifiedComputing's round robin: job j goes to {@code active.at(j % active.length)}. */
  protected static String inTurn(List<String> active, JobId job) {
    return active.get(job.value().mod(BigInteger.valueOf(active.size())).intValueExact());
  }

  protected ProofRequest openJob() {
    FileId file = chain().addFile(key("open addFile"), url(), "").file().id();
    return chain().requestProof(key("open requestProof"), file);
  }

  /** An intent key of this test only. */
  protected String key(String write) {
    return "contract " + run + " " + write;
  }

  protected static String url() {
    return "https://gateway.pinata.cloud/ipfs/Qm" + UUID.randomUUID() + "?download=true";
  }
}
