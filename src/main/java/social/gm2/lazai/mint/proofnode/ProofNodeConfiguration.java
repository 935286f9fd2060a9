package social.gm2.lazai.mint.proofnode;

import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.mint.MintProperties;
import social.gm2.lazai.mint.ProofNode;

/** The verified-computing nodes, over HTTP, called only where the node URL policy allows. */
@Configuration(proxyBeanMethods = false)
class ProofNodeConfiguration {

  @Bean
  ProofNode proofNode(
      NodeUrlPolicy urls,
      MintProperties properties,
      ObjectProvider<ObservationRegistry> observations) {
    return new HttpProofNode(
        urls,
        properties.nodeConnectTimeout(),
        properties.nodeReadTimeout(),
        observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }
}
