package social.gm2.lazai.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Where the poller starts on an empty cursor: never genesis off the devnet. */
class StartBlockTest {

  @Test
  void aConfiguredStartBlockWins() {
    assertThat(new StartBlock(42L, false, 7).resolve(OptionalLong.of(3), 1000)).isEqualTo(42);
    assertThat(new StartBlock(0L, false, 0).resolve(OptionalLong.empty(), 1000)).isZero();
  }

  @Test
  void theDevnetStartsAtTheDeploymentBlock() {
    assertThat(new StartBlock(null, true, 7).resolve(OptionalLong.of(500), 1000)).isEqualTo(7);
  }

  @Test
  void aRealChainStartsAtTheOldestWaitingRewardOrTheHead() {
    StartBlock real = new StartBlock(null, false, 0);
    assertThat(real.resolve(OptionalLong.of(900_000), 1_000_000)).isEqualTo(900_000);
    assertThat(real.resolve(OptionalLong.empty(), 1_000_000)).isEqualTo(1_000_000);
    // A reward not yet confirmed: from the newest confirmed block.
    assertThat(real.resolve(OptionalLong.of(1_000_005), 1_000_000)).isEqualTo(1_000_000);
    // Never before the contracts' deployment.
    assertThat(new StartBlock(null, false, 950_000).resolve(OptionalLong.of(900_000), 1_000_000))
        .isEqualTo(950_000);
    assertThat(real.source(OptionalLong.empty())).contains("newest confirmed block");
  }
}
