package social.gm2.lazai.attestation;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.LazaiChain;

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
  AttestationVerifier attestationVerifier(@Lazy LazaiChain chain, ChainProperties chainProperties) {
    return new AttestationVerifier(chain, chainProperties.verifiedComputingAddress());
  }

  @Bean
  Attestations attestations(
      @Lazy LazaiChain chain,
      AttestationStore store,
      AttestationVerifier verifier,
      AttestationProperties properties,
      ChainProperties chainProperties,
      ApplicationEventPublisher events) {
    return new AttestationService(
        chain,
        store,
        verifier,
        properties,
        startBlock(properties, chainProperties),
        chainProperties.deploymentBlock(),
        events);
  }

  @Bean
  PollerLease attestationPollerLease(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Clock clock,
      AttestationProperties properties) {
    return new PollerLease(jdbc, transactions, clock, instanceName(), properties.leaseDuration());
  }

  @Bean
  AttestationPolling attestationPolling(
      @Lazy LazaiChain chain,
      AttestationStore store,
      PollerLease lease,
      AttestationVerifier verifier,
      AttestationProperties properties,
      ChainProperties chainProperties,
      ApplicationEventPublisher events,
      ObjectProvider<MeterRegistry> meters) {
    var poller =
        new AttestationPoller(
            chain,
            store,
            lease,
            verifier,
            properties,
            startBlock(properties, chainProperties),
            events,
            meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
    return new AttestationPolling(poller, lease, properties.pollInterval(), properties.enabled());
  }

  private static long startBlock(AttestationProperties properties, ChainProperties chain) {
    return properties.startBlock() != null ? properties.startBlock() : chain.deploymentBlock();
  }

  /** Host name and a random part: two instances on one host still hold distinct leases. */
  private static String instanceName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    String name = host + "-" + UUID.randomUUID().toString().substring(0, 8);
    return name.length() > 64 ? name.substring(name.length() - 64) : name;
  }
}
