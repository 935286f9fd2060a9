package social.gm2.lazai.attestation;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.FileRecord;
import social.gm2.lazai.chain.JobCompleted;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.ProofJob;
import social.gm2.lazai.chain.ProofRequest;
import social.gm2.lazai.chain.Reward;

/** A {@link LazaiChain} that knows jobs only: what the verifier reads. */
final class FakeChain implements LazaiChain {
  final Map<JobId, ProofJob> jobs = new HashMap<>();

  void job(long id, long file, ProofJob.Status status, String node) {
    jobs.put(
        JobId.of(id),
        new ProofJob(
            JobId.of(id), FileId.of(file), BigInteger.valueOf(100), status, 0, "0xowner", node));
  }

  @Override
  public ProofJob job(JobId id) {
    return jobs.getOrDefault(
        id, new ProofJob(id, null, BigInteger.ZERO, ProofJob.Status.NONE, 0, null, null));
  }

  @Override
  public Optional<FileId> fileIdByUrl(String url) {
    throw new UnsupportedOperationException();
  }

  @Override
  public social.gm2.lazai.chain.Registration addFile(String intentKey, String url, String hash) {
    throw new UnsupportedOperationException();
  }

  @Override
  public FileRecord file(FileId id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public BigInteger nodeFee() {
    throw new UnsupportedOperationException();
  }

  @Override
  public ProofRequest requestProof(String intentKey, FileId fileId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<JobId> fileJobIds(FileId fileId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public NodeInfo node(String address) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Reward requestReward(String intentKey, FileId fileId, BigInteger proofIndex) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Reward> rewardOf(FileId fileId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<BigInteger> proofIndexAddedBy(FileId fileId, String node) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<JobCompleted> jobsCompleted(long fromBlock, long toBlock) {
    throw new UnsupportedOperationException();
  }

  @Override
  public long head() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<String> blockHash(long number) {
    throw new UnsupportedOperationException();
  }

  @Override
  public String wallet() {
    throw new UnsupportedOperationException();
  }
}
