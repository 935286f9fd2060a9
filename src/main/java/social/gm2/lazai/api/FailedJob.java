package social.gm2.lazai.api;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;
import social.gm2.lazai.queue.JobInfo;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A failed queue job as the dashboard shows it: its token and failure, never its payload (a {@code
 * lazai-mint-dat} payload carries the creator's plaintext).
 *
 * @param tokenAddress the payload's {@code tokenAddress} when it is an address, else null
 */
record FailedJob(
    String queue, String id, String tokenAddress, int attempts, String reason, Instant failedAt) {
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static FailedJob of(String queue, JobInfo job) {
    return new FailedJob(
        queue,
        job.id(),
        token(job.data()),
        job.attemptsMade(),
        job.failedReason(),
        job.finishedOn() > 0 ? Instant.ofEpochMilli(job.finishedOn()) : null);
  }

  private static String token(String data) {
    try {
      JsonNode node = data == null ? null : JSON.readTree(data);
      JsonNode field = node == null ? null : node.get("tokenAddress");
      String token = field != null && field.isString() ? field.asString() : null;
      return token != null && ADDRESS.matcher(token.strip()).matches()
          ? token.strip().toLowerCase(Locale.ROOT)
          : null;
    } catch (JacksonException e) {
      return null;
    }
  }
}
