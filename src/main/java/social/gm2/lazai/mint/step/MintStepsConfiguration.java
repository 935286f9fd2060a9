package social.gm2.lazai.mint.step;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.mint.MintProperties;
import social.gm2.lazai.mint.MintStep;
import social.gm2.lazai.mint.MintStore;
import social.gm2.lazai.mint.ProofNode;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.storage.ObservedContentStore;

/**
 * The steps the runner runs. The chain is injected lazily: it binds the contracts on first use,
 * which fails (and is retried) while the RPC endpoint is unreachable.
 */
@Configuration(proxyBeanMethods = false)
class MintStepsConfiguration {

  @Bean
  List<MintStep> mintSteps(
      ContentStore content,
      @Lazy LazaiChain chain,
      ProofNode nodes,
      Signer wallet,
      MintStore mints,
      MintProperties properties,
      Clock clock,
      MeterRegistry meters,
      ObjectProvider<ObservationRegistry> observations) {
    ContentStore observed =
        new ObservedContentStore(
            content, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    return MintSteps.of(
        new MintSteps.Ports(observed, chain, nodes, wallet, meters), mints, properties, clock);
  }
}
