package social.gm2.lazai.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.NodePeer;
import social.gm2.lazai.support.ServiceDevnet;
import social.gm2.lazai.support.TestServices;
import social.gm2.lazai.tracing.OtlpReceiver.Span;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Traces exported over OTLP, from the whole service on the devnet to a receiver the test runs,
 * configured only by {@code OTEL_EXPORTER_OTLP_ENDPOINT}: a mint submitted over REST with a
 * client's {@code traceparent} is one trace — the request, the run, every step, and the RPC,
 * storage and node calls under their steps — and a {@code lazai-mint-dat} job added by Node BullMQ
 * with telemetry on continues the producer's trace.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String KEY = "it-tracing-key-" + UUID.randomUUID();
  private static final String PLAINTEXT = "traced private notes";
  private static ServiceDevnet devnet;
  private static OtlpReceiver receiver;
  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    devnet = new ServiceDevnet();
    receiver = new OtlpReceiver();
    devnet.register(registry);
    registry.add("lazai.api.keys", () -> KEY);
    registry.add("OTEL_EXPORTER_OTLP_ENDPOINT", receiver::endpoint);
    registry.add("management.opentelemetry.tracing.export.schedule-delay", () -> "200ms");
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void aMintSubmittedOverRestIsOneTraceFromTheRequestToEveryCall(CapturedOutput output)
      throws Exception {
    String token = randomToken();
    String traceId = hex(16);
    String clientSpan = hex(8);
    HttpResponse<String> accepted =
        http.send(
            HttpRequest.newBuilder(URI.create(url("/api/v1/mints")))
                .header("Content-Type", "application/json")
                .header("X-API-Key", KEY)
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(submission(token)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).isEqualTo(202);
    awaitMinted(token);

    List<Span> trace =
        Await.until(
            WAIT,
            () -> receiver.trace(traceId),
            spans -> has(spans, "mint step PROOF_SUBMITTED") && has(spans, "node POST /proof"));
    assertThat(receiver.contentTypes()).contains("application/x-protobuf");
    Span request = one(trace, s -> s.kind().equals("SPAN_KIND_SERVER"));
    assertThat(request.name()).isEqualTo("http post /api/v1/mints");
    assertThat(request.parentSpanId()).as("the client's span").isEqualTo(clientSpan);
    assertThat(request.service()).isEqualTo("lazai-dat-processor");
    List<Span> runs = named(trace, "mint run");
    assertThat(runs).isNotEmpty().allMatch(r -> r.parentSpanId().equals(request.spanId()));
    assertThat(runs).allMatch(r -> token.equals(r.attributes().get("lazai.token")));

    for (String state :
        List.of("ENCRYPTED", "UPLOADED", "REGISTERED", "PROOF_REQUESTED", "PROOF_SUBMITTED")) {
      Span step = one(trace, s -> s.name().equals("mint step " + state));
      assertThat(runs).extracting(Span::spanId).contains(step.parentSpanId());
      assertThat(step.attributes())
          .containsEntry("lazai.token", token)
          .containsEntry("lazai.mint.state", state)
          .containsKey("lazai.mint.id");
    }
    Span upload = one(trace, s -> s.name().equals("mint step ENCRYPTED"));
    assertThat(named(trace, "storage put"))
        .singleElement()
        .satisfies(put -> assertThat(put.parentSpanId()).isEqualTo(upload.spanId()))
        .satisfies(put -> assertThat(put.attributes()).containsKey("lazai.cid"));
    Span submit = one(trace, s -> s.name().equals("mint step PROOF_REQUESTED"));
    assertThat(named(trace, "node POST /proof"))
        .singleElement()
        .satisfies(node -> assertThat(node.parentSpanId()).isEqualTo(submit.spanId()))
        .satisfies(
            node -> assertThat(node.attributes()).containsKeys("lazai.job.id", "lazai.file.id"));
    Span register = one(trace, s -> s.name().equals("mint step UPLOADED"));
    assertThat(trace)
        .as("JSON-RPC calls under the register step, named for their method")
        .filteredOn(s -> s.parentSpanId().equals(register.spanId()))
        .extracting(Span::name)
        .contains("rpc eth_sendRawTransaction");
    assertThat(trace)
        .filteredOn(s -> s.name().startsWith("rpc "))
        .allSatisfy(s -> assertThat(s.attributes()).containsEntry("rpc.system", "jsonrpc"));
    for (Span s : trace) {
      assertThat(s.attributes().values().toString())
          .as("no data, seed or key in " + s.name())
          .doesNotContain(PLAINTEXT)
          .doesNotContain("Sign to retrieve")
          .doesNotContain(ServiceDevnet.TREASURY_KEY.substring(2));
    }
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create(url("/actuator/prometheus")))
                    .header("X-API-Key", KEY)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .as("each span kind is a timer too")
        .containsPattern("lazai_mint_step_seconds_count\\{.*lazai_mint_state=\"UPLOADED\"")
        .containsPattern("lazai_rpc_seconds_count\\{.*rpc_method=\"eth_sendRawTransaction\"")
        .contains("lazai_storage_seconds_count{", "lazai_node_seconds_count{");
    assertThat(output.getOut())
        .as("log lines carry the trace id")
        .containsPattern(traceId + "-[0-9a-f]{16}.*mint token=" + token);
  }

  @Test
  void aJobAddedByNodeBullMqWithTelemetryContinuesTheProducersTrace() throws Exception {
    String token = randomToken();
    String command =
        JSON.writeValueAsString(
            Map.of(
                "prefix",
                TestServices.queuePrefix(devnet.database),
                "queue",
                "lazai-mint-dat",
                "name",
                "mint",
                "data",
                JSON.readTree(submission(token))));
    JsonNode produced =
        JSON.readTree(NodePeer.run("traced-producer.js", Map.of(), command).orThrow().stdout());
    String traceId = produced.get("traceId").asString();
    String addSpan = produced.get("addSpanId").asString();
    assertThat(produced.get("tm").asString())
        .as("what BullMQ's telemetry stored in opts.tm")
        .contains("\"traceparent\":\"00-" + traceId + "-" + addSpan + "-01\"");
    awaitMinted(token);

    List<Span> trace =
        Await.until(
            WAIT, () -> receiver.trace(traceId), spans -> has(spans, "mint step PROOF_SUBMITTED"));
    Span job = one(trace, s -> s.name().equals("process lazai-mint-dat"));
    assertThat(job.kind()).isEqualTo("SPAN_KIND_CONSUMER");
    assertThat(job.parentSpanId()).as("the Node producer's add span").isEqualTo(addSpan);
    assertThat(job.attributes())
        .containsEntry("messaging.system", "bullmq")
        .containsEntry("messaging.destination.name", "lazai-mint-dat")
        .containsEntry("messaging.message.id", produced.get("jobId").asString());
    List<Span> runs = named(trace, "mint run");
    assertThat(runs).isNotEmpty().allMatch(r -> r.parentSpanId().equals(job.spanId()));
    assertThat(one(trace, s -> s.name().equals("mint step PROOF_SUBMITTED")).parentSpanId())
        .isIn(runs.stream().map(Span::spanId).toList());
  }

  private void awaitMinted(String token) {
    Await.until(
        WAIT,
        () ->
            JSON.readTree(
                    http.send(
                            HttpRequest.newBuilder(URI.create(url("/api/v1/mints/" + token)))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("state")
                .asString(),
        state -> state.equals("REWARDED") || state.equals("ATTESTED"));
  }

  private static boolean has(List<Span> spans, String name) {
    return spans.stream().anyMatch(s -> s.name().equals(name));
  }

  private static List<Span> named(List<Span> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static Span one(List<Span> spans, Predicate<Span> which) {
    List<Span> found = spans.stream().filter(which).toList();
    assertThat(found).as("in " + OtlpReceiver.names(spans)).hasSize(1);
    return found.get(0);
  }

  private static String submission(String token) {
    StringBuilder bytes = new StringBuilder();
    for (byte b : PLAINTEXT.getBytes(StandardCharsets.UTF_8)) {
      bytes.append(bytes.length() == 0 ? "" : ",").append(b & 0xff);
    }
    return "{\"tokenAddress\":\""
        + token
        + "\",\"fileName\":\"notes.txt\",\"privacyData\":["
        + bytes
        + "]}";
  }

  private static String randomToken() {
    return "0x"
        + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT)
        + "00000000";
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + devnet.port + path;
  }
}
