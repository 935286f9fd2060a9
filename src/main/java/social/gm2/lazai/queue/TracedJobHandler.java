package social.gm2.lazai.queue;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs each attempt of a job inside a consumer span ({@code lazai.queue.job}) that continues the
 * producer's trace: the W3C {@code traceparent} (and {@code tracestate}) that BullMQ's telemetry
 * stored in the job's {@code opts.tm} is the span's remote parent, so a Node producer with
 * telemetry on (bullmq-otel) and this service share one trace. Attributes: the queue, the job id,
 * name and attempt; never the payload.
 */
final class TracedJobHandler implements JobHandler {
  private static final JsonMapper JSON = JsonMapper.shared();

  private final JobHandler handler;
  private final ObservationRegistry registry;

  TracedJobHandler(JobHandler handler, ObservationRegistry registry) {
    this.handler = handler;
    this.registry = registry;
  }

  @Override
  public String process(Job job) throws Exception {
    ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get);
    context.setCarrier(carrier(job.traceMetadata()));
    context.setRemoteServiceName("bullmq");
    Observation observation =
        Observation.createNotStarted("lazai.queue.job", () -> context, registry)
            .contextualName("process " + job.queue())
            .lowCardinalityKeyValue("messaging.system", "bullmq")
            .lowCardinalityKeyValue("messaging.destination.name", job.queue())
            .highCardinalityKeyValue("messaging.message.id", String.valueOf(job.id()))
            .highCardinalityKeyValue("lazai.job.name", String.valueOf(job.name()))
            .highCardinalityKeyValue("lazai.job.attempt", Integer.toString(job.attemptsMade() + 1))
            .start();
    Observation.Scope scope = observation.openScope();
    try {
      return handler.process(job);
    } catch (Exception | Error e) {
      observation.error(e);
      throw e;
    } finally {
      scope.close();
      observation.stop();
    }
  }

  /** The propagation fields in BullMQ's metadata (string values only); empty when unreadable. */
  static Map<String, String> carrier(String metadata) {
    Map<String, String> carrier = new HashMap<>();
    if (metadata == null || metadata.length() > 8192) {
      return carrier;
    }
    try {
      JsonNode node = JSON.readTree(metadata);
      node.properties()
          .forEach(
              field -> {
                if (field.getValue().isString()) {
                  carrier.put(field.getKey(), field.getValue().asString());
                }
              });
    } catch (JacksonException e) {
      // Not a trace context we can read: the job gets a trace of its own.
    }
    return carrier;
  }
}
