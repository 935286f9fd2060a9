package social.gm2.lazai.inference;

import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import social.gm2.lazai.signer.Signer;

/** The inference feature's beans: for now, the settlement headers signed by the service wallet. */
@Configuration(proxyBeanMethods = false)
class InferenceConfiguration {

  @Bean
  SettlementHeaders settlementHeaders(Signer wallet, Clock clock) {
    return new SettlementHeaders(wallet, new SettlementNonces(clock, new SecureRandom()));
  }
}
