package social.gm2.lazai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import social.gm2.lazai.support.BenchReport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every committed benchmark result ({@code bench/results/*.json}) parses and holds what the docs
 * quote: the machine, the versions, per-round figures, and summaries and ratios that agree with the
 * figures they are computed from; and the generated tables in the docs are the ones the result
 * files render ({@code bench/report.js --check}).
 */
class BenchResultsTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Path DOC = Path.of("docs", "benchmarks-peers.md");
  private static final Path README = Path.of("README.md");
  private static final double EPSILON = 1e-9;

  static Stream<Path> results() throws IOException {
    try (Stream<Path> files = Files.list(BenchReport.RESULTS)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  void theCrossLanguageBenchmarksHaveResults() {
    for (String name : List.of("crypto", "queue", "attestation", "mint")) {
      assertThat(BenchReport.RESULTS.resolve(name + ".json")).exists();
    }
  }

  @ParameterizedTest
  @MethodSource("results")
  void holdsWhatTheDocsQuote(Path file) throws IOException {
    JsonNode r = JSON.readTree(file.toFile());
    String name = file.getFileName().toString().replace(".json", "");
    assertThat(r.path("benchmark").asString("")).as("benchmark of %s", file).isEqualTo(name);
    machine(r);
    switch (name) {
      case "crypto" -> crypto(r);
      case "queue" -> queue(r);
      case "attestation" -> attestation(r);
      case "mint" -> mint(r);
      default ->
          throw new AssertionError(
              file + ": no schema check for this benchmark; add one to BenchResultsTest");
    }
  }

  @Test
  void theDocsTablesAreTheOnesTheResultsRender() throws Exception {
    check(DOC);
    String doc = Files.readString(DOC);
    for (String name : List.of("crypto", "queue", "attestation", "mint")) {
      assertThat(doc).contains("<!-- bench:" + name + " -->", "<!-- /bench:" + name + " -->");
    }
  }

  @Test
  void theReadmesPerformanceTableIsTheOneTheMintResultRenders() throws Exception {
    check(README);
    assertThat(Files.readString(README)).contains("<!-- bench:mint -->", "<!-- /bench:mint -->");
  }

  private static void check(Path doc) throws Exception {
    Process node =
        new ProcessBuilder("node", "bench/report.js", "--check", doc.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(node.exitValue()).as(out).isZero();
  }

  private static void machine(JsonNode r) {
    assertThat(text(r, "command")).startsWith("bash bench/");
    JsonNode m = r.get("machine");
    assertThat(m.get("cores").asInt()).isPositive();
    assertThat(text(m, "cpuModel")).isNotEqualTo("unknown");
    assertThat(m.get("ramMiB").asLong()).isPositive();
    assertThat(text(m, "os")).isNotBlank();
    assertThat(text(m, "sharedWithOtherWork")).doesNotStartWith("not stated");
    for (String load : List.of("loadAverageAtStart", "loadAverageAtEnd")) {
      assertThat(m.get(load)).as(load).hasSize(3);
      m.get(load).forEach(v -> assertThat(v.asDouble()).isNotNegative());
    }
    assertThat(text(r, "startedAt")).isLessThan(text(r, "finishedAt"));
  }

  private static void versions(JsonNode r, String... keys) {
    for (String key : keys) {
      assertThat(text(r.get("versions"), key))
          .as("version of %s", key)
          .isNotBlank()
          .doesNotStartWith("unavailable")
          .isNotEqualTo("not installed");
    }
  }

  private static void crypto(JsonNode r) {
    versions(r, "jdk", "node", "alith", "openpgp", "bouncyCastle");
    Set<Long> sizes = new java.util.HashSet<>();
    for (JsonNode size : r.get("sizes")) {
      sizes.add(size.get("bytes").asLong());
      int rounds = size.get("rounds").asInt();
      assertThat(size.get("warmup").asInt()).isPositive();
      for (String row : List.of("java", "alith", "javaStreamed")) {
        JsonNode times = size.get(row);
        double[] enc = stats(times.get("encryptMs"), rounds);
        double[] dec = stats(times.get("decryptMs"), rounds);
        double[] both = stats(times.get("roundTripMs"), rounds);
        for (int i = 0; i < rounds; i++) {
          assertThat(both[i]).isCloseTo(enc[i] + dec[i], within(1e-6));
        }
      }
      for (String op : List.of("encryptMs", "decryptMs", "roundTripMs")) {
        double alith = median(size, "alith", op);
        assertThat(size.get("alithOverJava").get(op).asDouble())
            .isCloseTo(alith / median(size, "java", op), within(EPSILON));
        assertThat(size.get("alithOverJavaStreamed").get(op).asDouble())
            .isCloseTo(alith / median(size, "javaStreamed", op), within(EPSILON));
      }
    }
    assertThat(sizes).contains(1024L, 1L << 20, 10L << 20, 50L << 20);
  }

  private static void queue(JsonNode r) {
    versions(r, "jdk", "node", "bullmq6", "bullmq5", "redis");
    int rounds = r.get("parameters").get("rounds").asInt();
    assertThat(rounds).isGreaterThanOrEqualTo(5);
    assertThat(r.get("parameters").get("jobsPerRound").asInt()).isPositive();
    Set<Integer> concurrency = new java.util.HashSet<>();
    for (JsonNode c : r.get("concurrency")) {
      concurrency.add(c.get("concurrency").asInt());
      for (String side : List.of("java", "bullmq6", "bullmq5")) {
        stats(c.get(side).get("jobsPerSecond"), rounds);
        assertThat(c.get(side).get("warmupJobsPerSecond").asDouble()).isPositive();
      }
      double java = c.get("java").get("jobsPerSecond").get("median").asDouble();
      for (String node : List.of("bullmq6", "bullmq5")) {
        assertThat(c.get("javaOverNode").get(node).asDouble())
            .isCloseTo(
                java / c.get(node).get("jobsPerSecond").get("median").asDouble(), within(EPSILON));
      }
    }
    assertThat(concurrency).contains(1, 50);
  }

  private static void mint(JsonNode r) {
    versions(r, "jdk", "node", "alith", "node-rsa", "bullmq", "redis");
    JsonNode p = r.get("parameters");
    JsonNode rows = r.get("rows");
    assertThat(rows.size()).isGreaterThanOrEqualTo(2);
    JsonNode original = rows.get(0);
    assertThat(text(original, "name")).startsWith("original flow");
    assertThat(original.get("tokens").asInt()).isEqualTo(p.get("originalTokens").asInt());
    stats(original.get("latencyMs"), original.get("tokens").asInt());
    double originalRate =
        original.get("tokens").asInt() * 60_000.0 / original.get("wallMs").asDouble();
    assertThat(original.get("mintsPerMinute").asDouble()).isCloseTo(originalRate, within(1e-6));
    for (int i = 1; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      assertThat(text(row, "name")).startsWith("service");
      assertThat(row.get("tokens").asInt()).isEqualTo(p.get("tokens").asInt());
      stats(row.get("oneAtATime").get("latencyMs"), p.get("oneAtATime").asInt());
      stats(row.get("burst").get("latencyMs"), row.get("tokens").asInt());
      stats(row.get("burst").get("runLatencyMs"), row.get("tokens").asInt());
      double rate = row.get("tokens").asInt() * 60_000.0 / row.get("wallMs").asDouble();
      assertThat(row.get("mintsPerMinute").asDouble()).isCloseTo(rate, within(1e-6));
      assertThat(row.get("vsOriginal").asDouble()).isCloseTo(rate / originalRate, within(1e-6));
    }
    JsonNode defaults = rows.get(1);
    assertThat(text(defaults, "name")).isEqualTo("service, default settings");
    assertThat(defaults.get("settings").size()).as("the defaults row tunes nothing").isZero();
    assertThat(defaults.get("burstLatencyVsOneAtATime").asDouble())
        .isCloseTo(
            defaults.get("burst").get("latencyMs").get("median").asDouble()
                / defaults.get("oneAtATime").get("latencyMs").get("median").asDouble(),
            within(EPSILON));
    assertThat(defaults.get("burstRunLatencyVsOneAtATime").asDouble())
        .isCloseTo(
            defaults.get("burst").get("runLatencyMs").get("median").asDouble()
                / defaults.get("oneAtATime").get("latencyMs").get("median").asDouble(),
            within(EPSILON));
  }

  private static void attestation(JsonNode r) {
    versions(r, "jdk", "node", "hardhat", "ethers", "bullmq (original)", "mysql2", "mariadb");
    JsonNode p = r.get("parameters");
    int tokens = p.get("tokens").asInt();
    assertThat(tokens).isPositive();
    assertThat(p.get("scale").asInt()).isPositive();
    assertThat(p.get("blockMs").asLong() * p.get("scale").asInt())
        .isEqualTo(p.get("blockMsUnscaled").asLong());
    assertThat(p.get("originalCronMs").asLong() * p.get("scale").asInt())
        .isEqualTo(p.get("originalCronMsUnscaled").asLong());
    assertThat(text(p, "scaling")).contains("faster than real time");
    assertThat(r.get("tokens")).hasSize(tokens);
    assertThat(r.get("run").get("blocks").asLong()).isPositive();
    for (String side : List.of("service", "original")) {
      JsonNode s = r.get("sides").get(side);
      List<Long> latencies = latencies(r.get("tokens"), side + "Ms", null);
      assertThat(s.get("attested").asInt()).isEqualTo(latencies.size());
      assertThat(s.get("attested").asInt() + s.get("neverAttested").asInt()).isEqualTo(tokens);
      assertThat(s.get("wrongAttestations").asInt()).isNotNegative();
      percentiles(s.get("latencyMs"), latencies);
      JsonNode rpc = s.get("rpc");
      long total =
          StreamSupport.stream(rpc.get("byMethod").spliterator(), false)
              .mapToLong(JsonNode::asLong)
              .sum();
      assertThat(rpc.get("total").asLong()).isEqualTo(total).isPositive();
      assertThat(rpc.get("perAttestedToken").asDouble())
          .isCloseTo((double) total / Math.max(1, latencies.size()), within(EPSILON));
    }
    int categorized = 0;
    for (JsonNode c : r.get("categories")) {
      String where = text(c, "key");
      categorized += c.get("tokens").asInt();
      assertThat(text(c, "description")).isNotBlank();
      for (String side : List.of("service", "original")) {
        List<Long> latencies = latencies(r.get("tokens"), side + "Ms", where);
        assertThat(c.get(side).get("attested").asInt()).isEqualTo(latencies.size());
        percentiles(c.get(side).get("latencyMs"), latencies);
      }
    }
    assertThat(categorized).isEqualTo(tokens);
  }

  /** Latencies of the attested tokens (optionally of one category), ascending. */
  private static List<Long> latencies(JsonNode tokens, String field, String where) {
    List<Long> values = new ArrayList<>();
    for (JsonNode t : tokens) {
      if (where == null || where.equals(text(t, "where"))) {
        assertThat(t.get("rewardBlock").asLong()).isPositive();
        assertThat(t.get("jobCompleteBlock").asLong()).isPositive();
        if (!t.get(field).isNull()) {
          values.add(t.get(field).asLong());
        }
      }
    }
    values.sort(null);
    values.forEach(v -> assertThat(v).as(field).isNotNegative());
    return values;
  }

  private static void percentiles(JsonNode latency, List<Long> sorted) {
    if (sorted.isEmpty()) {
      assertThat(latency.isNull()).isTrue();
      return;
    }
    assertThat(latency.get("p50").asLong()).isEqualTo(BenchReport.percentile(sorted, 50));
    assertThat(latency.get("p90").asLong()).isEqualTo(BenchReport.percentile(sorted, 90));
    assertThat(latency.get("max").asLong()).isEqualTo(sorted.get(sorted.size() - 1));
  }

  /** Checks a min/median/max block against its values (all positive); the values. */
  private static double[] stats(JsonNode stats, int rounds) {
    double[] values =
        StreamSupport.stream(stats.get("values").spliterator(), false)
            .mapToDouble(JsonNode::asDouble)
            .toArray();
    assertThat(values).hasSize(rounds);
    assertThat(Arrays.stream(values).allMatch(v -> v > 0)).as("all positive").isTrue();
    assertThat(stats.get("min").asDouble()).isEqualTo(Arrays.stream(values).min().orElseThrow());
    assertThat(stats.get("max").asDouble()).isEqualTo(Arrays.stream(values).max().orElseThrow());
    assertThat(stats.get("median").asDouble())
        .isCloseTo(BenchReport.median(values), within(EPSILON));
    return values;
  }

  private static double median(JsonNode size, String row, String op) {
    return size.get(row).get(op).get("median").asDouble();
  }

  private static String text(JsonNode node, String field) {
    return Objects.requireNonNull(node.get(field), field).asString();
  }
}
