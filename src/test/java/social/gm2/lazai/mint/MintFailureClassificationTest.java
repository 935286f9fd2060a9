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

    assertThat(MintService.retryable(wrapped)).isTrue();
  }

  @Test
  void theFirstClassifiedCauseDecidesAndAnUnknownOneIsPermanent() {
    assertThat(
            MintService.retryable(
                new IllegalStateException(new MintStepException("node said 422", false, null))))
        .isFalse();
    assertThat(MintService.retryable(new IllegalStateException("unknown"))).isFalse();
  }
}
