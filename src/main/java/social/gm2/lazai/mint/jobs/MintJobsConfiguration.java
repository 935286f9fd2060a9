package social.gm2.lazai.mint.jobs;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintProperties;
import social.gm2.lazai.mint.MintService;
import social.gm2.lazai.mint.PayloadLimit;
import social.gm2.lazai.queue.DataLimit;
import social.gm2.lazai.queue.QueueConsumer;
import social.gm2.lazai.queue.QueueProperties;
import social.gm2.lazai.queue.Queues;

/** The original service's queues, wired to the pipeline and the attestation handler. */
@Configuration(proxyBeanMethods = false)
class MintJobsConfiguration {

  @Bean
  QueueConsumer mintDatConsumer(MintService mints, MintProperties properties) {
    MintJobs jobs =
        new MintJobs(
            request -> {
              Mint mint = mints.submit(request);
              return mints.process(mint.tokenAddress());
            },
            properties.maxDataSize().toBytes());
    // A payload longer than the largest valid request is failed before it is loaded.
    DataLimit limit =
        new DataLimit(
            PayloadLimit.jsonBytes(properties.maxDataSize().toBytes()), PayloadLimit.rule());
    return new QueueConsumer(LazaiQueues.MINT_DAT, jobs, limit);
  }

  @Bean
  AttestatorJobs attestatorJobs(ObjectProvider<AttestatorChecks> checks) {
    return new AttestatorJobs(checks::getIfAvailable);
  }

  @Bean
  QueueConsumer fetchAttestatorConsumer(AttestatorJobs jobs) {
    return new QueueConsumer(LazaiQueues.FETCH_ATTESTATOR, jobs.fetchAttestator());
  }

  @Bean
  QueueConsumer cronFetchAttestatorConsumer(AttestatorJobs jobs) {
    return new QueueConsumer(LazaiQueues.CRON_FETCH_ATTESTATOR, jobs.backfill());
  }

  @Bean
  LazaiJobs lazaiJobs(Queues queues) {
    return new LazaiJobs(queues);
  }

  @Bean
  BackfillScheduler backfillScheduler(LazaiJobs jobs, QueueProperties properties, Clock clock) {
    return new BackfillScheduler(jobs, properties.backfillPeriod(), clock);
  }
}
