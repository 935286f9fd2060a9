package social.gm2.lazai.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.chain.InferenceAccountState;

class InferenceAccountTest {
  static final String WALLET = "0x" + "a".repeat(40);
  static final String NODE = "0x" + "b".repeat(40);

  static InferenceProperties settings(long initial, long deposit, long minimum) {
    return new InferenceProperties(
        true,
        FakeInferenceChain.INFERENCE,
        FakeInferenceChain.SETTLEMENT,
        null,
        BigInteger.valueOf(initial),
        BigInteger.valueOf(deposit),
        BigInteger.valueOf(minimum),
        null,
        null,
        null);
  }

  @Test
  void setsUpTheUserAndTheNodeAccountOnceThenOnlyReads() {
    FakeInferenceChain chain = new FakeInferenceChain(WALLET);
    InferenceAccount account = new InferenceAccount(chain, settings(10_000, 3_000, 1_000));

    InferenceAccountState first = account.ready(NODE);
    InferenceAccountState again = account.ready(NODE);

    assertThat(first.balance()).isEqualTo(BigInteger.valueOf(3_000));
    assertThat(again).isEqualTo(first);
    assertThat(chain.sent()).containsExactly("addUser 10000", "depositInference " + NODE + " 3000");
    assertThat(chain.user(WALLET).orElseThrow().availableBalance())
        .isEqualTo(BigInteger.valueOf(7_000));
  }

  @Test
  void topsUpOnceWhenTheBalanceFallsBelowTheMinimum() {
    FakeInferenceChain chain = new FakeInferenceChain(WALLET);
    InferenceAccount account = new InferenceAccount(chain, settings(10_000, 3_000, 1_000));
    account.ready(NODE);
    chain.settle(NODE, "chatcmpl-1", BigInteger.valueOf(2_500), BigInteger.valueOf(7));

    InferenceAccountState topped = account.ready(NODE);
    account.ready(NODE);

    assertThat(topped.balance()).isEqualTo(BigInteger.valueOf(3_500));
    assertThat(topped.nonce()).isEqualTo(BigInteger.valueOf(7));
    assertThat(chain.sent())
        .filteredOn(s -> s.startsWith("depositInference"))
        .as("one setup deposit and one top-up")
        .hasSize(2);
  }

  @Test
  void aUserCreatedBeforeIsNotCreatedAgain() {
    FakeInferenceChain chain = new FakeInferenceChain(WALLET);
    chain.addUser("someone else's key", BigInteger.valueOf(5_000));
    new InferenceAccount(chain, settings(10_000, 3_000, 1_000)).ready(NODE);

    assertThat(chain.sent()).containsExactly("addUser 5000", "depositInference " + NODE + " 3000");
  }

  @Test
  void aDryAccountThatCannotBeToppedUpIsAClearError() {
    FakeInferenceChain chain = new FakeInferenceChain(WALLET);
    InferenceAccount account = new InferenceAccount(chain, settings(4_000, 3_000, 1_000));
    account.ready(NODE);
    chain.settle(NODE, "chatcmpl-1", BigInteger.valueOf(2_500), BigInteger.valueOf(7));

    assertThatThrownBy(() -> account.ready(NODE))
        .isInstanceOfSatisfying(
            InferenceException.class,
            e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.ACCOUNT_DRY))
        .hasMessageContaining("for node " + NODE + " has 500 wei and needs at least 1000")
        .hasMessageContaining("lazai.inference.minimum-balance")
        .hasMessageContaining("the Settlement user has only 1000 wei available")
        .hasMessageContaining("lazai.inference.deposit");
    assertThat(chain.sent()).as("nothing sent for the dry account").hasSize(3);
  }

  @Test
  void settingsAreCheckedAtStartupNamingTheSetting() {
    assertThatThrownBy(() -> settings(1_000, 3_000, 1_000))
        .hasMessageContaining("lazai.inference.deposit");
    assertThatThrownBy(() -> settings(10_000, 3_000, 4_000))
        .hasMessageContaining("lazai.inference.minimum-balance");
    assertThatThrownBy(() -> settings(10_000, 0, 0)).hasMessageContaining("positive");
    assertThatThrownBy(
            () ->
                new InferenceProperties(
                    true,
                    null,
                    FakeInferenceChain.SETTLEMENT,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("lazai.inference.inference-address");
    assertThat(
            new InferenceProperties(false, null, null, null, null, null, null, null, null, null)
                .enabled())
        .isFalse();
  }
}
