package social.gm2.lazai.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.JobCompleted;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.ProofJob;

class JobCompleteVerifierTest {
  private static final String VC = "0x815da22d880e3560bcecc85b6e4938b30c8202c4";
  private static final String NODE = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
  private static final String OTHER = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";

  private final FakeChain chain = new FakeChain();
  private final JobCompleteVerifier verifier =
      new JobCompleteVerifier(chain, "0x815Da22D880E3560bCEcc85b6e4938b30c8202C4");

  @Test
  void theAssignedNodesLogForACompletedJobIsAnAttestation() {
    chain.job(7, 42, ProofJob.Status.COMPLETED, NODE);
    var checked = verifier.check(log(VC, NODE.toUpperCase().replace("0X", "0x"), 7, 42));
    assertThat(checked.rejection()).isEmpty();
    assertThat(checked.attestation().attestator()).isEqualTo(NODE);
    assertThat(checked.attestation().jobId()).isEqualTo(JobId.of(7));
  }

  @Test
  void aLogFromAnotherContractIsRejectedWithoutAskingTheChain() {
    var checked = verifier.check(log("0x0000000000000000000000000000000000000bad", NODE, 7, 42));
    assertThat(checked.rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("not VerifiedComputing"));
  }

  @Test
  void aLogNamingANodeTheJobWasNotAssignedToIsRejected() {
    chain.job(7, 42, ProofJob.Status.COMPLETED, NODE);
    assertThat(verifier.check(log(VC, OTHER, 7, 42)).rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("was assigned to node " + NODE));
  }

  @Test
  void aLogForAnotherFileOrAnUnknownOrUncompletedJobIsRejected() {
    chain.job(7, 42, ProofJob.Status.COMPLETED, NODE);
    chain.job(8, 43, ProofJob.Status.SUBMITTED, NODE);
    chain.job(9, 44, ProofJob.Status.CANCELED, NODE);
    assertThat(verifier.check(log(VC, NODE, 7, 41)).rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("is for file 42"));
    assertThat(verifier.check(log(VC, NODE, 99, 42)).rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("does not exist"));
    assertThat(verifier.check(log(VC, NODE, 8, 43)).rejection())
        .hasValueSatisfying(r -> assertThat(r).contains("SUBMITTED on chain, not COMPLETED"));
    assertThat(verifier.check(log(VC, NODE, 9, 44)).rejection()).isPresent();
  }

  private static JobCompleted log(String emitter, String attestator, long job, long file) {
    return new JobCompleted(
        emitter,
        attestator,
        JobId.of(job),
        FileId.of(file),
        "0x" + "1".repeat(64),
        3,
        100,
        "0x" + "2".repeat(64));
  }
}
