package social.gm2.lazai.mint;

import io.micrometer.observation.ObservationRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.attestation.AttestationProperties;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.TransactionCosts;
import social.gm2.lazai.config.InstanceName;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.signer.Signer;

/** The mint store, runner and service. The steps come from {@code mint.step}. */
@Configuration(proxyBeanMethods = false)
class MintConfiguration {

  @Bean
  MintStore mintStore(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Clock clock,
      MintProperties properties,
      ApplicationEventPublisher events,
      ObjectProvider<MintMoveListener> listeners) {
    return new MintStore(
        jdbc,
        transactions,
        clock,
        properties.legacyAttestedAtReward(),
        events,
        listeners.orderedStream().toList());
  }

  @Bean
  PasswordCipher passwordCipher(Clock clock) {
    return new PasswordCipher(clock, new SecureRandom());
  }

  @Bean(destroyMethod = "close")
  MintRunner mintRunner(
      MintStore store,
      List<MintStep> steps,
      MintProperties properties,
      Clock clock,
      InstanceName instance,
      ObjectProvider<ObservationRegistry> observations) {
    return new MintRunner(
        store,
        steps,
        properties,
        clock,
        instance.value(),
        observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }

  @Bean
  MintQueries mintQueries(
      JdbcTemplate jdbc,
      TransactionCosts costs,
      PlatformTransactionManager transactions,
      AttestationProperties attestation,
      Clock clock) {
    return new MintQueries(jdbc, costs, transactions, attestation.deadline(), clock);
  }

  @Bean
  LegacyMints legacyMints(JdbcTemplate jdbc, MintStore store) {
    return new LegacyMints(jdbc, store);
  }

  @Bean
  MintService mintService(
      MintStore store,
      MintRunner runner,
      MintProperties properties,
      Signer wallet,
      PasswordCipher cipher,
      Clock clock,
      LegacyMints legacy) {
    return new MintService(store, runner, properties, wallet, cipher, clock, legacy);
  }

  /** The chain is lazy as for the steps: it binds the contracts on first use. */
  @Bean
  PermissionGrants permissionGrants(
      MintStore store, @Lazy LazaiChain chain, Signer wallet, MintProperties properties) {
    return new PermissionGrants(
        store, new FilePermissions(chain, wallet, properties.grantPermission()));
  }
}
