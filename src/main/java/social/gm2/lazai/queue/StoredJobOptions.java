package social.gm2.lazai.queue;

import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link JobOptions} as BullMQ stores a job's {@code opts} (JSON in the job hash): what the BullMQ
 * adapter writes, and what the in-memory queues show as a job's options.
 */
public final class StoredJobOptions {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StoredJobOptions() {}

  /** The opts JSON BullMQ's Node {@code Queue.add} would write for these options. */
  public static String encode(JobOptions options) {
    ObjectNode node = JSON.createObjectNode();
    node.put("attempts", options.attempts());
    Backoff backoff = options.backoff();
    if (backoff != null) {
      ObjectNode b = node.putObject("backoff");
      b.put("type", backoff.type().name().toLowerCase(Locale.ROOT));
      b.put("delay", backoff.delayMs());
      if (backoff.jitter() > 0) {
        b.put("jitter", backoff.jitter());
      }
    }
    if (!options.delay().isZero()) {
      node.put("delay", options.delay().toMillis());
    }
    if (options.jobId() != null) {
      node.put("jobId", options.jobId());
    }
    putKeep(node, "removeOnComplete", options.removeOnComplete());
    putKeep(node, "removeOnFail", options.removeOnFail());
    return node.toString();
  }

  private static void putKeep(ObjectNode node, String field, KeepJobs keep) {
    if (keep.keepsAll()) {
      return;
    }
    if (keep.ageSeconds() == 0) {
      if (keep.count() == 0) {
        node.put(field, true);
      } else {
        node.put(field, keep.count());
      }
      return;
    }
    ObjectNode o = node.putObject(field);
    o.put("age", keep.ageSeconds());
    if (keep.count() >= 0) {
      o.put("count", keep.count());
    }
    if (keep.limit() != 1000) {
      o.put("limit", keep.limit());
    }
  }
}
