package social.gm2.lazai.mint.attestation;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.OptionalLong;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import social.gm2.lazai.attestation.AttestationProperties;
import social.gm2.lazai.attestation.Attestations;
import social.gm2.lazai.attestation.WaitingRewards;
import social.gm2.lazai.mint.MintStore;

/**
 * The mint side of attestation tracking. Its backfill runs as the original's {@code
 * lazai-cron-fetch-attestator} job, once per period across all instances (see {@code mint.jobs}).
 */
@Configuration(proxyBeanMethods = false)
class MintAttestationConfiguration {

  @Bean
  AttestationReconciler attestationReconciler(
      MintStore mints,
      Attestations attestations,
      AttestationProperties properties,
      Clock clock,
      MeterRegistry meters) {
    return new AttestationReconciler(
        mints, attestations, properties.deadline(), properties.importSearchBlocks(), clock, meters);
  }

  /** Where the poller must start on a chain other than the devnet: the oldest waiting reward. */
  @Bean
  WaitingRewards waitingRewards(MintStore mints) {
    return () -> mints.oldestRewardedBlock().map(OptionalLong::of).orElseGet(OptionalLong::empty);
  }
}
