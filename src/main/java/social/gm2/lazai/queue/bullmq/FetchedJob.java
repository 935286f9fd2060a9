package social.gm2.lazai.queue.bullmq;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of a fetch (moveToActive): a locked job with its hash fields, or none and when the
 * next delayed job is due. A job whose payload was over the worker's limit comes without its {@code
 * data} field and with the payload's length in {@code withheldDataBytes}.
 */
record FetchedJob(
    String id, String token, Map<String, String> fields, long nextDueMs, long withheldDataBytes) {

  boolean present() {
    return id != null;
  }

  static FetchedJob parse(List<?> reply, String token, long now) {
    if (reply.get(0) instanceof List<?> flat) {
      Map<String, String> fields = new HashMap<>();
      for (int i = 0; i + 1 < flat.size(); i += 2) {
        fields.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
      }
      long withheld = reply.size() > 4 && reply.get(4) instanceof Long l ? l : 0;
      return new FetchedJob(String.valueOf(reply.get(1)), token, fields, 0, withheld);
    }
    long rateLimited = reply.get(2) instanceof Long l ? l : 0;
    long due = reply.get(3) instanceof Long l ? l : 0;
    // A rate-limited queue is retried after the limiter's TTL, like a delayed job.
    return new FetchedJob(null, token, Map.of(), rateLimited > 0 ? now + rateLimited : due, 0);
  }

  int intField(String name, String legacyName) {
    String value = fields.getOrDefault(name, fields.get(legacyName));
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  long longField(String name) {
    try {
      String value = fields.get(name);
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
