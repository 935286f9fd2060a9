package social.gm2.lazai.queue.bullmq;

import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import social.gm2.lazai.queue.Backoff;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.KeepJobs;
import social.gm2.lazai.queue.StoredJobOptions;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's {@code opts} as BullMQ stores them (JSON in the job hash), read back for the retry and
 * retention decisions, whoever wrote them.
 *
 * @param unknownBackoff a backoff type this worker cannot compute (a Node custom strategy): the job
 *     is not retried
 * @param stackTraceLimit how many stack traces to keep, or -1 for all
 */
record StoredOptions(
    int attempts,
    Backoff backoff,
    boolean unknownBackoff,
    KeepJobs removeOnComplete,
    KeepJobs removeOnFail,
    boolean lifo,
    int stackTraceLimit) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  Optional<Long> retryDelay(int attemptsMade, DoubleSupplier random) {
    if (attemptsMade + 1 >= attempts || unknownBackoff) {
      return Optional.empty();
    }
    return Optional.of(backoff == null ? 0L : backoff.delayFor(attemptsMade, random));
  }

  /**
   * The producer's trace context in {@code opts.tm}, where BullMQ's telemetry (bullmq-otel) writes
   * its propagation metadata as JSON text; null when absent or unreadable.
   */
  static String traceMetadata(String opts) {
    try {
      JsonNode tm = opts == null ? null : JSON.readTree(opts).get("tm");
      if (tm == null || tm.isNull()) {
        return null;
      }
      return tm.isString() ? tm.asString() : tm.toString();
    } catch (JacksonException e) {
      return null;
    }
  }

  /** Unreadable opts are read as the defaults: one attempt, everything kept. */
  static StoredOptions parse(String opts) {
    JsonNode node;
    try {
      node = opts == null ? JSON.createObjectNode() : JSON.readTree(opts);
    } catch (JacksonException e) {
      node = JSON.createObjectNode();
    }
    JsonNode backoff = node.path("backoff");
    Backoff parsed = null;
    boolean unknown = false;
    if (backoff.isNumber()) {
      parsed = Backoff.fixed(backoff.asLong());
    } else if (backoff.isObject()) {
      String type = backoff.path("type").asString("fixed").toLowerCase(Locale.ROOT);
      long delay = Math.max(0, backoff.path("delay").asLong(0));
      double jitter = Math.min(1, Math.max(0, backoff.path("jitter").asDouble(0)));
      switch (type) {
        case "fixed" -> parsed = new Backoff(Backoff.Type.FIXED, delay, jitter);
        case "exponential" -> parsed = new Backoff(Backoff.Type.EXPONENTIAL, delay, jitter);
        default -> unknown = true;
      }
    }
    return new StoredOptions(
        node.path("attempts").asInt(0),
        parsed,
        unknown,
        keep(node.path("removeOnComplete")),
        keep(node.path("removeOnFail")),
        node.path("lifo").asBoolean(false),
        node.has("stackTraceLimit") ? node.path("stackTraceLimit").asInt(-1) : -1);
  }

  private static KeepJobs keep(JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue() ? KeepJobs.none() : KeepJobs.all();
    }
    if (node.isNumber()) {
      return KeepJobs.last(Math.max(0, node.asInt()));
    }
    if (node.isObject()) {
      return new KeepJobs(
          Math.max(-1, node.path("count").asInt(-1)),
          Math.max(0, node.path("age").asLong(0)),
          node.path("limit").asInt(0));
    }
    return KeepJobs.all();
  }

  /** The opts JSON BullMQ's Node {@code Queue.add} would write for these options. */
  static String encode(JobOptions options) {
    return StoredJobOptions.encode(options);
  }
}
