package social.gm2.lazai.tracing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver for the tests ({@code POST /v1/traces}), as a collector answers the
 * exporter: the body is an {@code ExportTraceServiceRequest} in protobuf (what the Java exporter
 * sends, {@code application/x-protobuf}; gzip when compression is on), decoded with the official
 * OTLP messages; the answer is an empty {@code ExportTraceServiceResponse}.
 */
final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<Span> spans = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();

  /** A received span: ids in hex, its attributes as text, its resource's service name. */
  record Span(
      String traceId,
      String spanId,
      String parentSpanId,
      String name,
      String kind,
      Map<String, String> attributes,
      String service) {}

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/traces", this::export);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Span> spans() {
    return List.copyOf(spans);
  }

  List<Span> trace(String traceId) {
    return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  List<String> contentTypes() {
    return List.copyOf(contentTypes);
  }

  private void export(HttpExchange exchange) throws IOException {
    try (exchange) {
      contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
      InputStream body = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(body);
      }
      ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
      for (ResourceSpans resource : request.getResourceSpansList()) {
        String service = attributes(resource.getResource().getAttributesList()).get("service.name");
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          scope.getSpansList().forEach(s -> spans.add(span(s, service)));
        }
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  private static Span span(io.opentelemetry.proto.trace.v1.Span s, String service) {
    HexFormat hex = HexFormat.of();
    return new Span(
        hex.formatHex(s.getTraceId().toByteArray()),
        hex.formatHex(s.getSpanId().toByteArray()),
        hex.formatHex(s.getParentSpanId().toByteArray()),
        s.getName(),
        s.getKind().name(),
        attributes(s.getAttributesList()),
        service);
  }

  private static Map<String, String> attributes(List<KeyValue> list) {
    Map<String, String> attributes = new LinkedHashMap<>();
    for (KeyValue kv : list) {
      AnyValue v = kv.getValue();
      attributes.put(
          kv.getKey(),
          switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> Long.toString(v.getIntValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            default -> v.toString();
          });
    }
    return attributes;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  static List<String> names(List<Span> spans) {
    List<String> names = new ArrayList<>();
    spans.forEach(s -> names.add(s.name()));
    return names;
  }
}
