package social.gm2.lazai.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import social.gm2.lazai.config.ConfigurationException;

/** The standard OTEL_* variables as the service reads them, and tracing off without them. */
class OtelVariablesTest {
  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(TracingConfiguration.class);

  @Test
  void offByDefault() {
    OtelVariables otel = OtelVariables.read(name -> null);
    assertThat(otel.exporting()).isFalse();
    context.run(
        c -> {
          assertThat(c).doesNotHaveBean(OtlpHttpSpanExporter.class);
          assertThat(c.getBean(Sampler.class)).isEqualTo(Sampler.alwaysOff());
        });
  }

  @Test
  void theEndpointTurnsItOnWithTheSpecificationsDefaults() {
    OtelVariables otel = read(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"));
    assertThat(otel.tracesEndpoint()).isEqualTo("http://collector:4318/v1/traces");
    assertThat(otel.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(otel.compression()).isEqualTo("none");
    assertThat(otel.sampler()).isEqualTo("parentbased_always_on");
    context
        .withPropertyValues("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318")
        .run(
            c -> {
              assertThat(c).hasSingleBean(OtlpHttpSpanExporter.class);
              assertThat(c.getBean(Sampler.class).getDescription()).startsWith("ParentBased");
            });
  }

  @Test
  void tracesSpecificVariablesWinAndHeadersAreDecodedButNeverPrinted() {
    OtelVariables otel =
        read(
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://general:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://traces.example/otlp/v1/traces",
                "OTEL_EXPORTER_OTLP_HEADERS", "api-key=s%3Dcret,x-team=lazai",
                "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "2500",
                "OTEL_EXPORTER_OTLP_COMPRESSION", "GZIP",
                "OTEL_TRACES_SAMPLER", "parentbased_traceidratio",
                "OTEL_TRACES_SAMPLER_ARG", "0.25"));
    assertThat(otel.tracesEndpoint()).isEqualTo("https://traces.example/otlp/v1/traces");
    assertThat(otel.headers()).containsEntry("api-key", "s=cret").containsEntry("x-team", "lazai");
    assertThat(otel.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(otel.compression()).isEqualTo("gzip");
    assertThat(otel.samplerRatio()).isEqualTo(0.25);
    assertThat(otel.toString()).doesNotContain("s=cret").contains("api-key");
  }

  @Test
  void noneOrDisabledTurnsItOff() {
    assertThat(
            read(Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_SDK_DISABLED", "true"))
                .exporting())
        .isFalse();
    assertThat(
            read(Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318", "OTEL_TRACES_EXPORTER", "none"))
                .exporting())
        .isFalse();
  }

  @Test
  void badValuesStopStartupNamingTheVariable() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4317",
                        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf");
    assertThatThrownBy(() -> read(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")))
        .hasMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute URL");
    assertThatThrownBy(() -> read(Map.of("OTEL_TRACES_EXPORTER", "zipkin")))
        .hasMessageContaining("OTEL_TRACES_EXPORTER must be otlp or none");
    assertThatThrownBy(() -> read(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "token")))
        .hasMessageContaining("OTEL_EXPORTER_OTLP_HEADERS must be name=value pairs");
    assertThatThrownBy(() -> read(Map.of("OTEL_TRACES_SAMPLER_ARG", "2")))
        .hasMessageContaining("OTEL_TRACES_SAMPLER_ARG must be a ratio");
    context
        .withPropertyValues(
            "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318", "OTEL_TRACES_SAMPLER=sometimes")
        .run(
            c -> assertThat(c).getFailure().hasStackTraceContaining("OTEL_TRACES_SAMPLER must be"));
  }

  private static OtelVariables read(Map<String, String> env) {
    return OtelVariables.read(env::get);
  }
}
