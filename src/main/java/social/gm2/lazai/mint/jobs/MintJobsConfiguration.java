package social.gm2.lazai.mint.jobs;

import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import social.gm2.lazai.config.Periodic;
import social.gm2.lazai.mint.LegacyMints;
import social.gm2.lazai.mint.MintProperties;
import social.gm2.lazai.mint.MintService;
import social.gm2.lazai.mint.PermissionGrants;
import social.gm2.lazai.mint.attestation.AttestationReconciler;
import social.gm2.lazai.queue.QueueConsumer;
import social.gm2.lazai.queue.QueueProperties;
import social.gm2.lazai.queue.Queues;

/** The original service's queues: each one's consumer, and the backfill's schedule. */
@Configuration(proxyBeanMethods = false)
class MintJobsConfiguration {

  /**
   * How often a mint job may stall (its worker died) before it fails, at least: a stalled mint job
   * runs again harmlessly (its mint resumes where it stands), so only a job that kills workers over
   * and over fails for stalling.
   */
  static final int MINT_JOB_STALLS = 50;

  @Bean
  QueueConsumer mintDatConsumer(MintService mints, MintProperties properties, Clock clock) {
    long maxDataSize = properties.maxDataSize().toBytes();
    return new QueueConsumer(
        LazaiQueues.MINT_DAT,
        new MintDatJobs(mints::mint, mints::find, clock, maxDataSize),
        MintDatJobs.payloadLimit(maxDataSize),
        // A job's slot waits while its mint runs; the mint runner's workers are what is bounded.
        properties.workers(),
        MINT_JOB_STALLS);
  }

  @Bean
  QueueConsumer fetchAttestatorConsumer(AttestationReconciler attestations) {
    return new QueueConsumer(
        LazaiQueues.FETCH_ATTESTATOR, new FetchAttestatorJobs(attestations::checkToken));
  }

  @Bean
  QueueConsumer cronFetchAttestatorConsumer(
      AttestationReconciler attestations, LegacyMints legacy, PermissionGrants permissions) {
    return new QueueConsumer(
        LazaiQueues.CRON_FETCH_ATTESTATOR,
        new CronFetchAttestatorJobs(
            () -> {
              // Rows the original wrote while it still ran beside this service.
              legacy.importAll();
              attestations.backfill();
              // Settled mints whose file has no permission for the inference nodes yet.
              permissions.backfill();
            }));
  }

  @Bean
  LazaiQueues lazaiQueues(Queues queues) {
    return new LazaiQueues(queues);
  }

  @Bean
  OriginalSchedules originalSchedules(Queues queues) {
    return new OriginalSchedules(queues);
  }

  @Bean
  Periodic backfillScheduler(LazaiQueues queues, QueueProperties properties, Clock clock) {
    BackfillScheduler scheduler = new BackfillScheduler(queues, properties.backfillPeriod(), clock);
    return new Periodic(
        "attestation-backfill-scheduler", Duration.ZERO, scheduler.tickEvery(), scheduler::tick);
  }
}
