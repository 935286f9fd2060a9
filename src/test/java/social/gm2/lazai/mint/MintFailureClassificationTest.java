package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import social.gm2.lazai.chain.RpcUnavailableException;
import social.gm2.lazai.signer.SignerException;

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
  void aSignerFailureIsClassifiedByTheSigner() {
    var unreachable = new SignerException("remote signer did not answer", true, null);
    var refused = new SignerException("remote signer refused eth_sign", false, null);

    assertThat(MintStepException.isRetryable(new IllegalStateException(unreachable))).isTrue();
    assertThat(MintStepException.isRetryable(refused)).isFalse();
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
