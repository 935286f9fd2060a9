package social.gm2.lazai.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON result of one benchmark run, written to {@code bench/results/<name>.json}: the machine
 * (cores, CPU, RAM, OS, load average at start and end, whether other work shared it), the versions
 * of everything measured, the parameters and every figure. {@code bench/report.js} renders the
 * tables from it; {@code BenchResultsTest} checks it.
 */
public final class BenchReport {
  public static final Path RESULTS = Path.of("bench", "results");
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final String name;
  private final ObjectNode root = JSON.createObjectNode();

  public BenchReport(String name, String command) {
    this.name = name;
    root.put("benchmark", name);
    root.put("command", command);
    root.put("startedAt", Instant.now().toString());
    root.set("machine", machine());
    root.set("versions", JSON.createObjectNode());
    root.set("parameters", JSON.createObjectNode());
  }

  public ObjectNode root() {
    return root;
  }

  public ObjectNode parameters() {
    return (ObjectNode) root.get("parameters");
  }

  public ObjectNode versions() {
    return (ObjectNode) root.get("versions");
  }

  /** Records the JDK and Node versions. */
  public BenchReport withJdkAndNode() {
    versions().put("jdk", Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    versions().put("node", command("node", "--version"));
    return this;
  }

  /** Records the installed version of the npm package in {@code dir} under {@code key}. */
  public BenchReport npm(String key, String dir) {
    versions().put(key, npmVersion(dir));
    return this;
  }

  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** {@code min}, {@code median}, {@code max} and every value ({@code values}), in order. */
  public static ObjectNode stats(double[] values) {
    ObjectNode stats = JSON.createObjectNode();
    stats.put("min", Arrays.stream(values).min().orElseThrow());
    stats.put("median", median(values));
    stats.put("max", Arrays.stream(values).max().orElseThrow());
    ArrayNode all = stats.putArray("values");
    Arrays.stream(values).forEach(all::add);
    return stats;
  }

  /** The middle value, or the mean of the two middle values for an even count. */
  public static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Nearest-rank percentile of ascending {@code sorted} values. */
  public static long percentile(List<Long> sorted, int p) {
    return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  /** Writes the result file; its path. */
  public Path write() throws IOException {
    root.put("finishedAt", Instant.now().toString());
    ((ObjectNode) root.get("machine")).set("loadAverageAtEnd", loadAverage());
    Files.createDirectories(RESULTS);
    Path file = RESULTS.resolve(name + ".json");
    Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  private static ObjectNode machine() {
    ObjectNode machine = JSON.createObjectNode();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("cpuModel", procField("/proc/cpuinfo", "model name"));
    String memTotal = procField("/proc/meminfo", "MemTotal").replaceAll("[^0-9]", "");
    machine.put("ramMiB", memTotal.isEmpty() ? 0 : Long.parseLong(memTotal) / 1024);
    machine.put(
        "os",
        osRelease()
            + " / "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    machine.set("loadAverageAtStart", loadAverage());
    String shared = System.getenv("BENCH_SHARED");
    machine.put(
        "sharedWithOtherWork",
        shared == null || shared.isBlank() ? "not stated (set BENCH_SHARED)" : shared);
    machine.put(
        "jvmArguments", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    return machine;
  }

  /** The 1, 5 and 15-minute load averages. */
  private static ArrayNode loadAverage() {
    ArrayNode load = JSON.createArrayNode();
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      for (int i = 0; i < 3; i++) {
        load.add(Double.parseDouble(parts[i]));
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: no load figure; the result file says so by an empty list.
    }
    return load;
  }

  private static String procField(String file, String field) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .filter(l -> l.startsWith(field))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String osRelease() {
    try {
      return Files.readAllLines(Path.of("/etc/os-release")).stream()
          .filter(l -> l.startsWith("PRETTY_NAME="))
          .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", ""))
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * The version in {@code <dir>/node_modules/<package>/package.json}, e.g. {@code
   * interop/node_modules/bullmq5}.
   */
  public static String npmVersion(String packageDir) {
    try {
      JsonNode pkg = JSON.readTree(Path.of(packageDir, "package.json").toFile());
      return pkg.path("version").asString("unknown");
    } catch (RuntimeException e) {
      return "not installed";
    }
  }

  /** The test Redis server's version ({@code INFO server}). */
  public static String redisVersion() {
    var client =
        io.lettuce.core.RedisClient.create(
            io.lettuce.core.RedisURI.create(TestServices.redisHost(), TestServices.redisPort()));
    try (var c = client.connect()) {
      return c.sync()
          .info("server")
          .lines()
          .filter(l -> l.startsWith("redis_version:"))
          .map(l -> l.substring("redis_version:".length()).trim())
          .findFirst()
          .orElse("unknown");
    } catch (RuntimeException e) {
      return "unavailable: " + e.getMessage();
    } finally {
      client.shutdown();
    }
  }

  /** A command's trimmed standard output, or what went wrong. */
  public static String command(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unavailable: " + out;
    } catch (IOException e) {
      return "unavailable: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unavailable: interrupted";
    }
  }
}
