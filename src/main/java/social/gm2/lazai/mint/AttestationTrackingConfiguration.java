package social.gm2.lazai.mint;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.attestation.AttestationProperties;
import social.gm2.lazai.attestation.Attestations;

/**
 * The mint side of attestation tracking: recorder, targeted checks and backfill. The backfill runs
 * as the original's {@code lazai-cron-fetch-attestator} job, once per period across all instances.
 */
@Configuration(proxyBeanMethods = false)
class AttestationTrackingConfiguration {

  @Bean
  AttestationMints attestationMints(
      JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
    return new AttestationMints(jdbc, transactions, clock);
  }

  @Bean
  AttestationRecorder attestationRecorder(AttestationMints mints, MintProperties properties) {
    return new AttestationRecorder(mints, properties.legacyAttestedAtReward());
  }

  @Bean
  AttestationTracking attestationTracking(
      AttestationMints mints,
      AttestationRecorder recorder,
      Attestations attestations,
      AttestationProperties properties,
      Clock clock,
      ObjectProvider<MeterRegistry> meters) {
    return new AttestationTracking(
        mints,
        recorder,
        attestations,
        properties.deadline(),
        clock,
        meters.getIfAvailable(SimpleMeterRegistry::new));
  }

  @Bean
  MintQueries mintQueries(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      AttestationProperties properties,
      Clock clock) {
    return new MintQueries(jdbc, transactions, properties.deadline(), clock);
  }
}
