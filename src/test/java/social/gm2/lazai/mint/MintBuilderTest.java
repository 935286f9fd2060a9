package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The builder fills each state's fields as the pipeline does, and keeps what a test set. */
class MintBuilderTest {
  private static final String TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  @Test
  void aRewardedMintHoldsWhatEveryStateBeforeItAdded() {
    Mint m = MintBuilder.mint(TOKEN).in(MintState.REWARDED).build();

    assertThat(m.state()).isEqualTo(MintState.REWARDED);
    assertThat(m.tokenAddress()).isEqualTo(TOKEN);
    assertThat(m.plaintextSize()).isPositive();
    assertThat(m.url()).contains(m.cid()).endsWith("?download=true");
    assertThat(m.fileId()).isEqualTo(BigInteger.ONE);
    assertThat(m.registerTxHash()).matches("0x[0-9a-f]{64}");
    assertThat(m.jobId()).isEqualTo(BigInteger.ONE);
    assertThat(m.nodeAddress()).isEqualTo(MintBuilder.NODE);
    assertThat(m.proofTxHash()).matches("0x[0-9a-f]{64}").isNotEqualTo(m.registerTxHash());
    assertThat(m.proofRequestedAt()).isAfter(m.createdAt());
    assertThat(m.proofRequests()).isEqualTo(1);
    assertThat(m.proofIndex()).isEqualTo(BigInteger.ONE);
    assertThat(m.rewardTxHash()).matches("0x[0-9a-f]{64}");
    assertThat(m.rewardBlockNumber()).isPositive();
    assertThat(m.datTokenId()).isPositive();
    assertThat(m.datAmount()).isPositive();
    assertThat(m.updatedAt()).isAfter(m.proofRequestedAt());
    assertThat(m.lastError()).isNull();
  }

  @Test
  void aStateFillsNothingThatComesAfterIt() {
    Mint m = MintBuilder.mint(TOKEN).in(MintState.REGISTERED).build();

    assertThat(m.fileId()).isNotNull();
    assertThat(m.jobId()).isNull();
    assertThat(m.nodeAddress()).isNull();
    assertThat(m.proofRequests()).isZero();
    assertThat(m.proofIndex()).isNull();
    assertThat(m.datTokenId()).isNull();
  }

  @Test
  void witherValuesSurviveTheStateAndAFailureKeepsWhatWasDone() {
    Mint m =
        MintBuilder.mint(TOKEN)
            .withJobId(8)
            .in(MintState.PROOF_REQUESTED)
            .failed("PROOF_REQUESTED: node refused")
            .build();

    assertThat(m.jobId()).isEqualTo(BigInteger.valueOf(8));
    assertThat(m.state()).isEqualTo(MintState.FAILED);
    assertThat(m.lastError()).isEqualTo("PROOF_REQUESTED: node refused");
    assertThat(m.fileId()).isNotNull();
    assertThat(m.proofIndex()).isNull();
    assertThat(m.attempts()).isPositive();
  }
}
