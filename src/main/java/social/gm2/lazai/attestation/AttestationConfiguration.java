package social.gm2.lazai.attestation;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.OptionalLong;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.config.InstanceName;
import social.gm2.lazai.config.LocalDevnet;

/**
 * Attestation tracking's beans. The chain is injected lazily: it binds the contracts on first use,
 * which fails (and is retried at the next poll) while the RPC endpoint is unreachable.
 */
@Configuration(proxyBeanMethods = false)
class AttestationConfiguration {

  @Bean
  AttestationStore attestationStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
    return new AttestationStore(jdbc, transactions);
  }

  @Bean
  JobCompleteVerifier attestationVerifier(@Lazy LazaiChain chain, ChainProperties chainProperties) {
    return new JobCompleteVerifier(chain, chainProperties.verifiedComputingAddress());
  }

  @Bean
  Attestations attestations(
      @Lazy LazaiChain chain,
      AttestationStore store,
      JobCompleteVerifier verifier,
      AttestationProperties properties,
      ChainProperties chainProperties,
      ApplicationEventPublisher events) {
    return new AttestationLookup(
        chain, store, verifier, properties, chainProperties.deploymentBlock(), events);
  }

  @Bean
  PollerLease attestationPollerLease(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Clock clock,
      AttestationProperties properties,
      InstanceName instance) {
    return new PollerLease(jdbc, transactions, clock, instance.value(), properties.leaseDuration());
  }

  @Bean
  PollerThread attestationPolling(
      @Lazy LazaiChain chain,
      AttestationStore store,
      PollerLease lease,
      JobCompleteVerifier verifier,
      AttestationProperties properties,
      ChainProperties chainProperties,
      ApplicationEventPublisher events,
      ObjectProvider<MeterRegistry> meters,
      ObjectProvider<WaitingRewards> waiting,
      Environment environment) {
    var poller =
        new JobCompletePoller(
            chain,
            store,
            lease,
            verifier,
            properties,
            new StartBlock(
                properties.startBlock(),
                LocalDevnet.is(environment),
                chainProperties.deploymentBlock()),
            waiting.getIfAvailable(() -> OptionalLong::empty),
            events,
            meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
    return new PollerThread(poller, lease, properties.pollInterval(), properties.enabled());
  }
}
