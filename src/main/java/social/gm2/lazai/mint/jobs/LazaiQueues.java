package social.gm2.lazai.mint.jobs;

import java.time.Duration;
import social.gm2.lazai.queue.Backoff;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.KeepJobs;

/** The original service's three queues, with the names and job options it used. */
public final class LazaiQueues {
  /** "Mint a DAT" jobs: {@code {tokenAddress, fileName, privacyData: number[]}}. */
  public static final String MINT_DAT = "lazai-mint-dat";

  /** "Check this token's attestation" jobs: {@code {blockNumber, tokenAddress, fileId}}. */
  public static final String FETCH_ATTESTATOR = "lazai-fetch-attestator";

  /** The periodic attestation backfill. */
  public static final String CRON_FETCH_ATTESTATOR = "lazai-cron-fetch-attestator";

  private LazaiQueues() {}

  /** attempts 3, exponential backoff from 1 s, the newest 100 completed and failed jobs kept. */
  public static JobOptions standardOptions() {
    return new JobOptions(
        null,
        3,
        Backoff.exponential(Duration.ofSeconds(1).toMillis()),
        Duration.ZERO,
        KeepJobs.last(100),
        KeepJobs.last(100));
  }
}
