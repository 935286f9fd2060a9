package social.gm2.lazai.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.chain.FakeLazaiChain;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.JobCompleted;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.ProofRequest;

class JobCompleteVerifierTest {
  private static final String VC = "0x815da22d880e3560bcecc85b6e4938b30c8202c4";
  private static final String NODE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
  private static final String OTHER = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";

  private final FakeLazaiChain chain = new FakeLazaiChain(Clock.systemUTC(), VC);
  private final JobCompleteVerifier verifier =
      new JobCompleteVerifier(chain, "0x815Da22D880E3560bCEcc85b6e4938b30c8202C4");

  JobCompleteVerifierTest() {
    chain.controls().registerNode(NODE, "http://node.test", "pem");
  }

  @Test
  void theAssignedNodesLogForACompletedJobIsAnAttestation() {
    ProofRequest job = completedJob();
    var checked =
        verifier.check(log(VC, NODE.toUpperCase().replace("0X", "0x"), job.jobId(), job.fileId()));
    assertThat(checked.rejection()).isEmpty();
    assertThat(checked.attestation().attestator()).isEqualTo(NODE);
    assertThat(checked.attestation().jobId()).isEqualTo(job.jobId());
  }

  @Test
  void aLogFromAnotherContractIsRejectedWithoutAskingTheChain() {
    chain.controls().rpcDown(true);
    var checked =
        verifier.check(
            log("0x0000000000000000000000000000000000000bad", NODE, JobId.of(7), file(42)));
    assertThat(checked.rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("not VerifiedComputing"));
  }

  @Test
  void aLogNamingANodeTheJobWasNotAssignedToIsRejected() {
    ProofRequest job = completedJob();
    assertThat(verifier.check(log(VC, OTHER, job.jobId(), job.fileId())).rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("was assigned to node " + NODE));
  }

  @Test
  void aLogForAnotherFileOrAnUnknownOrUncompletedJobIsRejected() {
    ProofRequest completed = completedJob();
    ProofRequest submitted = openJob();
    ProofRequest canceled = openJob();
    chain.controls().cancelJob(canceled.jobId());
    FileId otherFile = file(completed.fileId().value().longValueExact() + 100);

    assertThat(verifier.check(log(VC, NODE, completed.jobId(), otherFile)).rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("is for file " + completed.fileId()));
    assertThat(verifier.check(log(VC, NODE, JobId.of(99), completed.fileId())).rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("does not exist"));
    assertThat(verifier.check(log(VC, NODE, submitted.jobId(), submitted.fileId())).rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("SUBMITTED on chain, not COMPLETED"));
    assertThat(verifier.check(log(VC, NODE, canceled.jobId(), canceled.fileId())).rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("CANCELED on chain, not COMPLETED"));
  }

  /** A job of its own file, opened by the service wallet and assigned to the only node. */
  private ProofRequest openJob() {
    String url = "https://example.test/" + java.util.UUID.randomUUID();
    return chain.requestProof(url + " proof", chain.addFile(url, url, "").file().id());
  }

  private ProofRequest completedJob() {
    ProofRequest job = openJob();
    chain.controls().completeJob(NODE, job.jobId());
    return job;
  }

  private static FileId file(long id) {
    return FileId.of(id);
  }

  private static JobCompleted log(String emitter, String attestator, JobId job, FileId file) {
    return new JobCompleted(
        emitter, attestator, job, file, "0x" + "1".repeat(64), 3, 100, "0x" + "2".repeat(64));
  }
}
