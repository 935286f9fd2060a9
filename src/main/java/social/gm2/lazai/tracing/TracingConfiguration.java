package social.gm2.lazai.tracing;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import social.gm2.lazai.config.Setting;

/**
 * OpenTelemetry traces through Micrometer Tracing, configured by the standard {@code OTEL_*}
 * variables ({@link OtelVariables}) instead of Boot's {@code management.opentelemetry.*}
 * properties. Off by default: without an OTLP endpoint the sampler records nothing and no exporter
 * exists (trace ids are still made, so log lines and a {@code traceparent} stay correlated). Boot's
 * auto-configuration supplies the SDK, the tracer, W3C propagation and the batch processor; this
 * configuration supplies the sampler and, when an endpoint is set, the exporter.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {
  private static final Logger log = LoggerFactory.getLogger(TracingConfiguration.class);

  @Bean
  OtelVariables otelVariables(Environment environment) {
    OtelVariables otel = OtelVariables.read(environment::getProperty);
    if (otel.exporting()) {
      log.info(
          "tracing: exporting spans to {} (sampler {})", otel.tracesEndpoint(), otel.sampler());
    } else {
      log.info("tracing: off (no OTEL_EXPORTER_OTLP_ENDPOINT)");
    }
    return otel;
  }

  /** Replaces Boot's sampler (10 % by default): the OpenTelemetry default, and off when off. */
  @Bean
  Sampler otelSampler(OtelVariables otel) {
    if (!otel.exporting()) {
      return Sampler.alwaysOff();
    }
    double ratio = otel.samplerRatio();
    return switch (otel.sampler()) {
      case "always_on" -> Sampler.alwaysOn();
      case "always_off" -> Sampler.alwaysOff();
      case "traceidratio" -> Sampler.traceIdRatioBased(ratio);
      case "parentbased_always_on" -> Sampler.parentBased(Sampler.alwaysOn());
      case "parentbased_always_off" -> Sampler.parentBased(Sampler.alwaysOff());
      case "parentbased_traceidratio" -> Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
      default ->
          throw Setting.property("OTEL_TRACES_SAMPLER")
              .problem(
                  "must be always_on, always_off, traceidratio, parentbased_always_on,"
                      + " parentbased_always_off or parentbased_traceidratio");
    };
  }

  /** The OTLP/HTTP exporter, only when an endpoint is set (Boot then makes none of its own). */
  @Bean(destroyMethod = "close")
  @Conditional(EndpointSet.class)
  OtlpHttpSpanExporter otlpHttpSpanExporter(OtelVariables otel) {
    OtlpHttpSpanExporterBuilder builder =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(otel.tracesEndpoint())
            .setTimeout(otel.timeout())
            .setCompression(otel.compression());
    otel.headers().forEach(builder::addHeader);
    return builder.build();
  }

  /** Whether the environment names an OTLP endpoint (read as {@link OtelVariables} reads it). */
  static final class EndpointSet implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return OtelVariables.read(context.getEnvironment()::getProperty).exporting();
    }
  }
}
