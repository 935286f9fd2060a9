package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import social.gm2.lazai.chain.RpcUnavailableException;

/** Failures are classified by the adapters' own exceptions, also when something wraps them. */
class MintFailureClassificationTest {

  @Test
  void aChainAdapterThatCannotConnectInsideItsLazyBeanIsRetryable() {
    var wrapped =
        new BeanCreationException(
            "lazaiChain", new RpcUnavailableException("http://rpc did not answer", null));

    assertThat(MintStepException.isRetryable(wrapped)).isTrue();
  }

  @Test
  void theFirstClassifiedCauseDecidesAndAnUnknownOneIsPermanent() {
    assertThat(
            MintStepException.isRetryable(
                new IllegalStateException(MintStepException.permanent("node said 422"))))
        .isFalse();
    assertThat(MintStepException.isRetryable(new IllegalStateException("unknown"))).isFalse();
  }
}
