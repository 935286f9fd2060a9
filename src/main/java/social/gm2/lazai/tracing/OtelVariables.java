package social.gm2.lazai.tracing;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.config.Setting;

/**
 * The standard OpenTelemetry SDK variables this service reads (names and meanings as the
 * OpenTelemetry specification defines them). Traces are exported only when an OTLP endpoint is set;
 * otherwise nothing is recorded and nothing is sent.
 *
 * @param tracesEndpoint where spans are posted (OTLP over HTTP, protobuf), or null: tracing off
 * @param headers sent with each export (often an API key: never logged)
 * @param timeout one export's deadline
 * @param compression {@code gzip} or {@code none}
 * @param sampler the sampler's name, as {@code OTEL_TRACES_SAMPLER} spells it
 * @param samplerRatio the ratio of the {@code traceidratio} samplers
 */
public record OtelVariables(
    String tracesEndpoint,
    Map<String, String> headers,
    Duration timeout,
    String compression,
    String sampler,
    double samplerRatio) {

  /** Reads the variables through {@code lookup} (the environment), checking each. */
  public static OtelVariables read(UnaryOperator<String> lookup) {
    String exporter = word(lookup, "OTEL_TRACES_EXPORTER", "otlp");
    if (!exporter.equals("otlp") && !exporter.equals("none")) {
      throw problem("OTEL_TRACES_EXPORTER", "must be otlp or none, got '" + exporter + "'");
    }
    boolean disabled = Boolean.parseBoolean(word(lookup, "OTEL_SDK_DISABLED", "false"));
    String endpoint = endpoint(lookup);
    if (disabled || exporter.equals("none")) {
      endpoint = null;
    }
    String protocol = specific(lookup, "PROTOCOL", "http/protobuf").toLowerCase(Locale.ROOT);
    if (!protocol.equals("http/protobuf")) {
      throw problem(
          "OTEL_EXPORTER_OTLP_PROTOCOL",
          "must be http/protobuf (OTLP over HTTP, usually port 4318), got '"
              + protocol
              + "': this service's exporter sends no gRPC or JSON");
    }
    String compression = specific(lookup, "COMPRESSION", "none").toLowerCase(Locale.ROOT);
    if (!compression.equals("gzip") && !compression.equals("none")) {
      throw problem("OTEL_EXPORTER_OTLP_COMPRESSION", "must be gzip or none");
    }
    String sampler = word(lookup, "OTEL_TRACES_SAMPLER", "parentbased_always_on");
    double ratio = ratio(text(lookup, "OTEL_TRACES_SAMPLER_ARG", "1.0"));
    return new OtelVariables(
        endpoint,
        headers(specific(lookup, "HEADERS", "")),
        Duration.ofMillis(millis(specific(lookup, "TIMEOUT", "10000"))),
        compression,
        sampler,
        ratio);
  }

  /** The headers' names only: their values are often credentials. */
  @Override
  public String toString() {
    return "OtelVariables[tracesEndpoint="
        + tracesEndpoint
        + ", headers="
        + headers.keySet()
        + ", timeout="
        + timeout
        + ", compression="
        + compression
        + ", sampler="
        + sampler
        + "]";
  }

  /** Whether spans are recorded and exported. */
  public boolean exporting() {
    return tracesEndpoint != null;
  }

  private static String endpoint(UnaryOperator<String> lookup) {
    String traces = text(lookup, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "");
    if (!traces.isEmpty()) {
      Setting.property("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT").httpUrl(traces);
      return traces;
    }
    String base = text(lookup, "OTEL_EXPORTER_OTLP_ENDPOINT", "");
    if (base.isEmpty()) {
      return null;
    }
    Setting.property("OTEL_EXPORTER_OTLP_ENDPOINT").httpUrl(base);
    return base.replaceAll("/+$", "") + "/v1/traces";
  }

  /** The traces-specific variable, else the general one, else the default. */
  private static String specific(UnaryOperator<String> lookup, String suffix, String fallback) {
    String value = text(lookup, "OTEL_EXPORTER_OTLP_TRACES_" + suffix, "");
    return value.isEmpty() ? text(lookup, "OTEL_EXPORTER_OTLP_" + suffix, fallback) : value;
  }

  private static String text(UnaryOperator<String> lookup, String name, String fallback) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static String word(UnaryOperator<String> lookup, String name, String fallback) {
    return text(lookup, name, fallback).toLowerCase(Locale.ROOT);
  }

  private static Map<String, String> headers(String list) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String pair : list.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw problem("OTEL_EXPORTER_OTLP_HEADERS", "must be name=value pairs separated by commas");
      }
      headers.put(
          pair.substring(0, eq).strip(),
          URLDecoder.decode(pair.substring(eq + 1).strip(), StandardCharsets.UTF_8));
    }
    return Map.copyOf(headers);
  }

  private static long millis(String text) {
    try {
      long ms = Long.parseLong(text);
      if (ms > 0) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw problem("OTEL_EXPORTER_OTLP_TIMEOUT", "must be a positive number of milliseconds");
  }

  private static double ratio(String text) {
    try {
      double ratio = Double.parseDouble(text);
      if (ratio >= 0 && ratio <= 1) {
        return ratio;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw problem("OTEL_TRACES_SAMPLER_ARG", "must be a ratio between 0 and 1");
  }

  private static ConfigurationException problem(String variable, String problem) {
    return Setting.property(variable).problem(problem);
  }
}
