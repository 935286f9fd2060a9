package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The devnet's VerifiedComputing ({@code devnet/contracts/VerifiedComputing.sol}, lazai-protocol
 * §2.2) for {@link FakeLazaiChain}: nodes, the node fee, jobs assigned round robin over the active
 * nodes, completion by the assigned node. Each function checks before it changes anything.
 */
final class FakeVerifiedComputing {

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

  private final Map<BigInteger, Job> jobs;
  private final Map<BigInteger, List<BigInteger>> fileJobs;
  private final Map<String, Node> nodes;
  private final List<String> activeNodes; // an OpenZeppelin EnumerableSet: its order matters
  private long jobsCount;
  private BigInteger nodeFee;

  FakeVerifiedComputing(BigInteger nodeFee) {
    this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new ArrayList<>());
    this.nodeFee = nodeFee;
  }

  private FakeVerifiedComputing(
      Map<BigInteger, Job> jobs,
      Map<BigInteger, List<BigInteger>> fileJobs,
      Map<String, Node> nodes,
      List<String> activeNodes) {
    this.jobs = jobs;
    this.fileJobs = fileJobs;
    this.nodes = nodes;
    this.activeNodes = activeNodes;
  }

  /** The storage as it is now (values are immutable; the containers are copied). */
  FakeVerifiedComputing copy() {
    var copy =
        new FakeVerifiedComputing(
            new HashMap<>(jobs),
            new HashMap<>(fileJobs),
            new HashMap<>(nodes),
            new ArrayList<>(activeNodes));
    copy.jobsCount = jobsCount;
    copy.nodeFee = nodeFee;
    return copy;
  }

  // ------------------------------------------------------------------------------------- views

  BigInteger nodeFee() {
    return nodeFee;
  }

  boolean isNode(String address) {
    Node node = address == null ? null : nodes.get(address);
    return node != null && node.status() == NodeInfo.Status.ACTIVE;
  }

  List<JobId> fileJobIds(FileId id) {
    return fileJobs.getOrDefault(id.value(), List.of()).stream().map(JobId::new).toList();
  }

  ProofJob job(JobId id) {
    Job j = jobs.get(id.value());
    if (j == null) {
      String none = FakeContracts.ZERO_ADDRESS;
      return new ProofJob(id, null, BigInteger.ZERO, ProofJob.Status.NONE, 0, none, none);
    }
    return new ProofJob(
        id, j.fileId(), j.bid(), j.status(), j.addedTimestamp(), j.owner(), j.node());
  }

  NodeInfo node(String address) {
    String at = FakeContracts.lower(address);
    Node n = nodes.get(at);
    if (n == null) {
      return new NodeInfo(at, "", NodeInfo.Status.NONE, BigInteger.ZERO, BigInteger.ZERO, "");
    }
    return new NodeInfo(
        at,
        n.url(),
        n.status(),
        n.amount(),
        BigInteger.valueOf(n.openJobs().size()),
        n.publicKey());
  }

  // ----------------------------------------------------------------------------------- functions

  /** {@code requestProof}: the job goes to {@code activeNodes.at(jobId % activeCount)}. */
  List<FakeEvent> requestProof(String from, BigInteger value, FileId file, long timestamp)
      throws FakeContracts.Revert {
    if (value.compareTo(nodeFee) < 0) {
      throw FakeContracts.Revert.of(ContractError.INSUFFICIENT_FEE);
    }
    if (activeNodes.isEmpty()) {
      throw FakeContracts.Revert.of(ContractError.NO_ACTIVE_NODE);
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

  List<FakeEvent> completeJob(String from, JobId id) throws FakeContracts.Revert {
    if (!isNode(from)) {
      throw FakeContracts.Revert.of(ContractError.NODE_NOT_ACTIVE);
    }
    Job job = jobs.get(id.value());
    if (job == null || job.status() != ProofJob.Status.SUBMITTED) {
      throw FakeContracts.Revert.of(ContractError.INVALID_JOB_STATUS);
    }
    if (!job.node().equals(from)) {
      throw FakeContracts.Revert.of(ContractError.INVALID_JOB_NODE);
    }
    jobs.put(id.value(), job.with(ProofJob.Status.COMPLETED));
    changeOpenJobs(from, id.value(), false, job.bid());
    return List.of(new FakeEvent.JobComplete(from, id, job.fileId()));
  }

  List<FakeEvent> cancelJob(String from, JobId id) throws FakeContracts.Revert {
    Job job = jobs.get(id.value());
    if (job == null || !job.owner().equals(from)) {
      throw FakeContracts.Revert.of(ContractError.NOT_JOB_OWNER);
    }
    if (job.status() != ProofJob.Status.SUBMITTED) {
      throw FakeContracts.Revert.of(ContractError.INVALID_JOB_STATUS);
    }
    jobs.put(id.value(), job.with(ProofJob.Status.CANCELED));
    changeOpenJobs(job.node(), id.value(), false, BigInteger.ZERO);
    return List.of(new FakeEvent.JobCanceled(id));
  }

  List<FakeEvent> addNode(String node, String url, String publicKey) throws FakeContracts.Revert {
    Node old = nodes.get(node);
    if (isNode(node)) {
      throw FakeContracts.Revert.of(ContractError.NODE_ALREADY_ADDED);
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

  List<FakeEvent> removeNode(String node) throws FakeContracts.Revert {
    if (!isNode(node)) {
      throw FakeContracts.Revert.of(ContractError.NODE_NOT_ACTIVE);
    }
    Node old = nodes.get(node);
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
}
