package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The storage of the devnet's DataRegistry, VerifiedComputing and DataAnchoringToken ({@code
 * devnet/contracts}, lazai-protocol §2) and their functions, for {@link FakeLazaiChain}. Each
 * function checks everything before it changes anything, so a {@link Revert} leaves the state as it
 * was, as a reverted transaction does. Not modelled: balances (fees are recorded, never
 * transferred), roles (the maintainer's functions are the fake's controls), pausing, {@code claim},
 * permissions and the signature bytes of proofs (a proof records the account that signed it, which
 * is what {@code ECDSA.recover} would give).
 */
final class FakeContracts {
  static final String ZERO_ADDRESS = "0x" + "0".repeat(40);

  /** A contract refused the call; {@code data} is the revert data (selector and arguments). */
  static final class Revert extends Exception {
    private static final long serialVersionUID = 1L;

    final String data;

    Revert(String data) {
      super(data);
      this.data = data;
    }

    static Revert of(ContractError error) {
      return new Revert("0x" + error.selector());
    }
  }

  /** A file; {@code proofs.get(i)} is proof index i + 1. */
  record File(
      FileId id,
      String owner,
      String url,
      String hash,
      BigInteger proofIndex,
      BigInteger rewardAmount,
      List<Proof> proofs) {}

  /** A stored proof; {@code signer} is the account its signature recovers to. */
  record Proof(String signer, BigInteger score, String fileUrl, String proofUrl) {}

  record Job(
      JobId id,
      FileId fileId,
      BigInteger bid,
      ProofJob.Status status,
      long addedTimestamp,
      String owner,
      String node) {
    Job with(ProofJob.Status next) {
      return new Job(id, fileId, bid, next, addedTimestamp, owner, node);
    }
  }

  record Node(
      String url,
      NodeInfo.Status status,
      BigInteger amount,
      String publicKey,
      List<BigInteger> openJobs) {}

  private final String registry;
  private final Map<BigInteger, File> files;
  private final Map<String, BigInteger> fileByUrl;
  private final Map<BigInteger, Job> jobs;
  private final Map<BigInteger, List<BigInteger>> fileJobs;
  private final Map<String, Node> nodes;
  private final List<String> activeNodes; // an OpenZeppelin EnumerableSet: its order matters
  private long filesCount;
  private long jobsCount;
  private long tokensCount;
  private BigInteger nodeFee;

  FakeContracts(String registry, BigInteger nodeFee) {
    this(registry, new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
    this.nodeFee = nodeFee;
  }

  private FakeContracts(
      String registry,
      Map<BigInteger, File> files,
      Map<String, BigInteger> fileByUrl,
      Map<BigInteger, Job> jobs,
      Map<String, Node> nodes) {
    this.registry = registry;
    this.files = files;
    this.fileByUrl = fileByUrl;
    this.jobs = jobs;
    this.nodes = nodes;
    this.fileJobs = new HashMap<>();
    this.activeNodes = new ArrayList<>();
  }

  /** The state as it is now, to keep with a block (values are immutable, containers copied). */
  FakeContracts copy() {
    FakeContracts copy =
        new FakeContracts(
            registry,
            new HashMap<>(files),
            new HashMap<>(fileByUrl),
            new HashMap<>(jobs),
            new HashMap<>(nodes));
    fileJobs.forEach((file, ids) -> copy.fileJobs.put(file, List.copyOf(ids)));
    copy.activeNodes.addAll(activeNodes);
    copy.filesCount = filesCount;
    copy.jobsCount = jobsCount;
    copy.tokensCount = tokensCount;
    copy.nodeFee = nodeFee;
    return copy;
  }

  // ------------------------------------------------------------------------------------- views

  Optional<FileId> fileIdByUrl(String url) {
    return Optional.ofNullable(fileByUrl.get(url)).map(FileId::new);
  }

  FileRecord file(FileId id) {
    File f = fileOrEmpty(id);
    return new FileRecord(id, f.owner(), f.url(), f.hash(), f.proofIndex(), f.rewardAmount());
  }

  int proofCount(FileId id) {
    return fileOrEmpty(id).proofs().size();
  }

  BigInteger nodeFee() {
    return nodeFee;
  }

  List<JobId> fileJobIds(FileId id) {
    return fileJobs.getOrDefault(id.value(), List.of()).stream().map(JobId::new).toList();
  }

  ProofJob job(JobId id) {
    Job j = jobs.get(id.value());
    if (j == null) {
      return new ProofJob(
          id, null, BigInteger.ZERO, ProofJob.Status.NONE, 0, ZERO_ADDRESS, ZERO_ADDRESS);
    }
    return new ProofJob(
        id, j.fileId(), j.bid(), j.status(), j.addedTimestamp(), j.owner(), j.node());
  }

  NodeInfo node(String address) {
    Node n = nodes.get(lower(address));
    if (n == null) {
      return new NodeInfo(
          lower(address), "", NodeInfo.Status.NONE, BigInteger.ZERO, BigInteger.ZERO, "");
    }
    return new NodeInfo(
        lower(address),
        n.url(),
        n.status(),
        n.amount(),
        BigInteger.valueOf(n.openJobs().size()),
        n.publicKey());
  }

  // -------------------------------------------------------------------------------- DataRegistry

  List<FakeEvent> addFile(String from, String url, String hash) throws Revert {
    if (fileByUrl.containsKey(url)) {
      throw Revert.of(ContractError.FILE_URL_ALREADY_USED);
    }
    FileId id = FileId.of(++filesCount);
    files.put(
        id.value(), new File(id, from, url, hash, BigInteger.ZERO, BigInteger.ZERO, List.of()));
    fileByUrl.put(url, id.value());
    return List.of(new FakeEvent.FileAdded(id, from, url));
  }

  /** Unchecked, as in the contract: anyone may add any proof to any file id. */
  List<FakeEvent> addProof(FileId id, Proof proof) {
    File f = fileOrEmpty(id);
    List<Proof> proofs = new ArrayList<>(f.proofs());
    proofs.add(proof);
    files.put(
        id.value(),
        new File(id, f.owner(), f.url(), f.hash(), f.proofIndex(), f.rewardAmount(), proofs));
    BigInteger index = BigInteger.valueOf(proofs.size());
    return List.of(new FakeEvent.ProofAdded(id, f.owner(), index, proof.proofUrl()));
  }

  List<FakeEvent> requestReward(FileId id, BigInteger proofIndex) throws Revert {
    File f = fileOrEmpty(id);
    Proof proof =
        proofIndex.signum() > 0 && proofIndex.compareTo(BigInteger.valueOf(f.proofs().size())) <= 0
            ? f.proofs().get(proofIndex.intValueExact() - 1)
            : null;
    if (f.rewardAmount().signum() != 0) {
      throw Revert.of(ContractError.FILE_ALREADY_REWARDED);
    }
    if (proof == null) {
      // An empty signature: OpenZeppelin's ECDSA.recover refuses its length, 0.
      throw new Revert("0x" + ContractError.ECDSA_INVALID_SIGNATURE_LENGTH.selector() + word(0));
    }
    if (!isActiveNode(proof.signer())) {
      throw Revert.of(ContractError.INVALID_ATTESTATOR);
    }
    if (f.owner().equals(ZERO_ADDRESS)) {
      throw new Revert("0x57f447ce" + word(0)); // ERC1155InvalidReceiver(address(0))
    }
    BigInteger score = proof.score();
    files.put(
        id.value(), new File(id, f.owner(), f.url(), f.hash(), proofIndex, score, f.proofs()));
    BigInteger token = BigInteger.valueOf(++tokensCount);
    return List.of(
        new FakeEvent.TransferSingle(registry, ZERO_ADDRESS, f.owner(), token, score),
        new FakeEvent.TokenMinted(f.owner(), token, f.url()),
        new FakeEvent.RewardRequested(f.owner(), id, proofIndex, score));
  }

  // --------------------------------------------------------------------------- VerifiedComputing

  /** {@code requestProof}: the job goes to {@code activeNodes.at(jobId % activeCount)}. */
  List<FakeEvent> requestProof(String from, BigInteger value, FileId file, long timestamp)
      throws Revert {
    if (value.compareTo(nodeFee) < 0) {
      throw Revert.of(ContractError.INSUFFICIENT_FEE);
    }
    if (activeNodes.isEmpty()) {
      throw Revert.of(ContractError.NO_ACTIVE_NODE);
    }
    JobId id = JobId.of(++jobsCount);
    String node =
        activeNodes.get(id.value().mod(BigInteger.valueOf(activeNodes.size())).intValue());
    jobs.put(
        id.value(), new Job(id, file, value, ProofJob.Status.SUBMITTED, timestamp, from, node));
    List<BigInteger> ids = new ArrayList<>(fileJobs.getOrDefault(file.value(), List.of()));
    ids.add(id.value());
    fileJobs.put(file.value(), List.copyOf(ids));
    changeOpenJobs(node, id.value(), true, BigInteger.ZERO);
    return List.of(new FakeEvent.JobSubmitted(id, file, node, value));
  }

  List<FakeEvent> completeJob(String from, JobId id) throws Revert {
    Node node = nodes.get(from);
    if (node == null || node.status() != NodeInfo.Status.ACTIVE) {
      throw Revert.of(ContractError.NODE_NOT_ACTIVE);
    }
    Job job = jobs.get(id.value());
    if (job == null || job.status() != ProofJob.Status.SUBMITTED) {
      throw Revert.of(ContractError.INVALID_JOB_STATUS);
    }
    if (!job.node().equals(from)) {
      throw Revert.of(ContractError.INVALID_JOB_NODE);
    }
    jobs.put(id.value(), job.with(ProofJob.Status.COMPLETED));
    changeOpenJobs(from, id.value(), false, job.bid());
    return List.of(new FakeEvent.JobComplete(from, id, job.fileId()));
  }

  List<FakeEvent> cancelJob(String from, JobId id) throws Revert {
    Job job = jobs.get(id.value());
    if (job == null || !job.owner().equals(from)) {
      throw Revert.of(ContractError.NOT_JOB_OWNER);
    }
    if (job.status() != ProofJob.Status.SUBMITTED) {
      throw Revert.of(ContractError.INVALID_JOB_STATUS);
    }
    jobs.put(id.value(), job.with(ProofJob.Status.CANCELED));
    changeOpenJobs(job.node(), id.value(), false, BigInteger.ZERO);
    return List.of(new FakeEvent.JobCanceled(id));
  }

  List<FakeEvent> addNode(String node, String url, String publicKey) throws Revert {
    Node old = nodes.get(node);
    if (old != null && old.status() == NodeInfo.Status.ACTIVE) {
      throw Revert.of(ContractError.NODE_ALREADY_ADDED);
    }
    nodes.put(
        node,
        new Node(
            url,
            NodeInfo.Status.ACTIVE,
            old == null ? BigInteger.ZERO : old.amount(),
            publicKey,
            old == null ? List.of() : old.openJobs()));
    if (!activeNodes.contains(node)) {
      activeNodes.add(node);
    }
    return List.of(new FakeEvent.NodeAdded(node));
  }

  List<FakeEvent> removeNode(String node) throws Revert {
    Node old = nodes.get(node);
    if (old == null || old.status() != NodeInfo.Status.ACTIVE) {
      throw Revert.of(ContractError.NODE_NOT_ACTIVE);
    }
    nodes.put(
        node,
        new Node(
            old.url(), NodeInfo.Status.REMOVED, old.amount(), old.publicKey(), old.openJobs()));
    // EnumerableSet.remove: the last element takes the removed one's place.
    int at = activeNodes.indexOf(node);
    String last = activeNodes.remove(activeNodes.size() - 1);
    if (at < activeNodes.size()) {
      activeNodes.set(at, last);
    }
    return List.of(new FakeEvent.NodeRemoved(node));
  }

  List<FakeEvent> updateNodeFee(BigInteger fee) {
    nodeFee = fee;
    return List.of();
  }

  // ---------------------------------------------------------------------------------- internals

  private boolean isActiveNode(String address) {
    Node node = address == null ? null : nodes.get(address);
    return node != null && node.status() == NodeInfo.Status.ACTIVE;
  }

  private void changeOpenJobs(String address, BigInteger job, boolean open, BigInteger earned) {
    Node n = nodes.get(address);
    List<BigInteger> ids = new ArrayList<>(n.openJobs());
    if (open) {
      ids.add(job);
    } else {
      ids.remove(job);
    }
    nodes.put(
        address,
        new Node(n.url(), n.status(), n.amount().add(earned), n.publicKey(), List.copyOf(ids)));
  }

  private File fileOrEmpty(FileId id) {
    File f = files.get(id.value());
    return f != null
        ? f
        : new File(id, ZERO_ADDRESS, "", "", BigInteger.ZERO, BigInteger.ZERO, List.of());
  }

  private static String word(long value) {
    return String.format(Locale.ROOT, "%064x", value);
  }

  static String lower(String address) {
    return address == null ? null : address.toLowerCase(Locale.ROOT);
  }
}
