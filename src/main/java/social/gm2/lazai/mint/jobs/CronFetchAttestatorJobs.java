package social.gm2.lazai.mint.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.queue.Job;
import social.gm2.lazai.queue.JobHandler;

/**
 * Runs {@code lazai-cron-fetch-attestator} jobs: the periodic attestation backfill ({@code
 * AttestationReconciler::backfill}), queued once per period by {@link BackfillScheduler}.
 */
public final class CronFetchAttestatorJobs implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(CronFetchAttestatorJobs.class);

  private final Runnable backfill;

  public CronFetchAttestatorJobs(Runnable backfill) {
    this.backfill = backfill;
  }

  @Override
  public String process(Job job) {
    backfill.run();
    log.info("queue={} job={} backfill done", job.queue(), job.id());
    return "{\"backfill\":true}";
  }
}
