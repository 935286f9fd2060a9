package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one table of moves, and the one class that writes a mint's state. */
class MintTransitionsTest {

  @Test
  void thePipelineMovesForwardOneStateAtATime() {
    MintState[] states = MintState.values();
    for (int i = 0; i < MintState.REWARDED.ordinal(); i++) {
      assertThat(MintTransitions.allowed(states[i], states[i + 1]))
          .as(states[i] + " → " + states[i + 1])
          .isTrue();
      for (int j = i + 2; j <= MintState.ATTESTED.ordinal(); j++) {
        assertThat(MintTransitions.allowed(states[i], states[j]))
            .as("no skipping from " + states[i] + " to " + states[j])
            .isFalse();
      }
    }
  }

  @Test
  void onlyUnsettledMintsFailAndOnlyFailedOnesAreRetriedBackToAStep() {
    for (MintState from : MintState.values()) {
      assertThat(MintTransitions.allowed(from, MintState.FAILED))
          .as(from + " → FAILED")
          .isEqualTo(!from.settled());
    }
    assertThat(MintTransitions.allowed(MintState.FAILED, MintState.UPLOADED)).isTrue();
    assertThat(MintTransitions.allowed(MintState.FAILED, MintState.REWARDED))
        .as("a retry never skips the reward")
        .isFalse();
    assertThat(MintTransitions.allowed(MintState.FAILED, MintState.ACCEPTED)).isFalse();
  }

  @Test
  void attestationsComeAndGoOnlyBetweenRewardedAndAttested() {
    assertThat(MintTransitions.allowed(MintState.REWARDED, MintState.ATTESTED)).isTrue();
    assertThat(MintTransitions.allowed(MintState.ATTESTED, MintState.REWARDED)).isTrue();
    assertThat(MintTransitions.allowed(MintState.PROOF_SUBMITTED, MintState.ATTESTED)).isFalse();
    assertThat(MintTransitions.allowed(MintState.ATTESTED, MintState.FAILED)).isFalse();
  }

  @Test
  void aNewMintIsSubmittedOrImported() {
    assertThat(MintTransitions.allowed(null, MintState.ACCEPTED)).isTrue();
    assertThat(MintTransitions.allowed(null, MintState.REWARDED)).isTrue();
    assertThat(MintTransitions.allowed(null, MintState.ATTESTED)).isTrue();
    assertThat(MintTransitions.allowed(null, MintState.UPLOADED)).isFalse();
  }

  @Test
  void everyMoveHasAReasonAndAnyOtherIsRefusedByName() {
    MintTransitions.all()
        .forEach((from, to) -> to.values().forEach(reason -> assertThat(reason).isNotBlank()));
    assertThatThrownBy(() -> MintTransitions.reason(MintState.REWARDED, MintState.UPLOADED))
        .isInstanceOf(MintTransitions.IllegalMintTransitionException.class)
        .hasMessage("a mint may not move from REWARDED to UPLOADED");
  }

  /** No SQL outside MintStore writes a mint's state or its transitions. */
  @Test
  void mintStoreIsTheOnlyWriterOfMintState() throws IOException {
    Pattern write =
        Pattern.compile(
            "(UPDATE\\s+mint\\s|INSERT\\s+INTO\\s+mint\\s*\\(|INSERT\\s+INTO\\s+mint_transition)",
            Pattern.CASE_INSENSITIVE);
    List<Path> writers;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      writers =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> write.matcher(read(f)).find())
              .toList();
    }
    assertThat(writers)
        .containsExactly(Path.of("src/main/java/social/gm2/lazai/mint/MintStore.java"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
