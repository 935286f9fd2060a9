package social.gm2.lazai.api;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import social.gm2.lazai.queue.FailedJobSummary;

/**
 * A failed queue job as the dashboard shows it: its token and failure, never its payload (a {@code
 * lazai-mint-dat} payload carries the creator's plaintext). The queue reads the token out of the
 * payload where it is stored ({@link FailedJobSummary}), so the payload is never fetched.
 *
 * @param tokenAddress the payload's {@code tokenAddress} when it is an address, else null
 */
record FailedJob(
    String queue, String id, String tokenAddress, int attempts, String reason, Instant failedAt) {
  /** The payload field the token comes from. */
  static final String TOKEN_FIELD = "tokenAddress";

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  static FailedJob of(String queue, FailedJobSummary job) {
    String token = job.field() == null ? null : job.field().strip();
    return new FailedJob(
        queue,
        job.id(),
        token != null && ADDRESS.matcher(token).matches() ? token.toLowerCase(Locale.ROOT) : null,
        job.attemptsMade(),
        job.failedReason(),
        job.finishedOn() > 0 ? Instant.ofEpochMilli(job.finishedOn()) : null);
  }
}
