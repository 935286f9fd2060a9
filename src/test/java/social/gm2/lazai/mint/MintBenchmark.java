package social.gm2.lazai.mint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import social.gm2.lazai.devnet.SimulatedNode;
import social.gm2.lazai.devnet.SimulatedNodeSettings;
import social.gm2.lazai.support.BenchReport;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.NodePeer;
import social.gm2.lazai.support.ServiceJar;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mints per minute on one devnet (Hardhat, one block a second, the simulated node), in one run:
 *
 * <ul>
 *   <li>the original service's flow on its own libraries ({@code interop/original-flow.js}: alith
 *       0.12.3 and node-rsa 1.1.1, one token after another as its worker ran them);
 *   <li>the packaged jar as deployed (a separate process, the Dockerfile's JVM options, default
 *       settings: only where MariaDB, Redis, the chain and the store are), fed by Node {@code
 *       bullmq} on the {@code lazai-mint-dat} queue: a one-at-a-time sample, then a burst;
 *   <li>the same jar tuned (a pool of sender wallets and more workers), when asked for.
 * </ul>
 *
 * <p>Each side mints warm-up tokens first, untimed. A job's latency is BullMQ's own: from the job's
 * {@code timestamp} (added) to its {@code finishedOn} (completed, which the service does only once
 * the mint is REWARDED or ATTESTED); the original's is one pass of its loop. Writes {@code
 * bench/results/mint.json}. Run it with {@code bash bench/mint.sh}.
 */
public final class MintBenchmark {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String SEED = "Sign to retrieve your encryption key";
  private static final int DATA_SIZE = 4096;
  private static final String ORIGINAL_KEY = HardhatNode.KEYS.get(3);
  private static final String SERVICE_KEY = HardhatNode.KEYS.get(2);
  private static final List<String> DOCKERFILE_JVM =
      List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");

  private MintBenchmark() {}

  /** The arguments of {@code bench/mint.sh}. */
  record Parameters(int tokens, int originalTokens, int oneAtATime, int blockMillis, int warmup) {
    static Parameters of(String[] args) {
      return new Parameters(
          arg(args, 0, 200), arg(args, 1, 10), arg(args, 2, 5), arg(args, 3, 1000), 2);
    }
  }

  public static void main(String[] args) throws Exception {
    Parameters p = Parameters.of(args);
    BenchReport report =
        new BenchReport(
                "mint", String.join(" ", "bash bench/mint.sh", String.join(" ", args)).strip())
            .withJdkAndNode()
            .npm("hardhat", "devnet/node_modules/hardhat")
            .npm("alith", "interop/node_modules/alith")
            .npm("node-rsa", "interop/node_modules/node-rsa")
            .npm("bullmq", "interop/node_modules/bullmq");
    report.versions().put("redis", BenchReport.redisVersion());
    ObjectNode params = report.parameters();
    params.put("tokens", p.tokens());
    params.put("originalTokens", p.originalTokens());
    params.put("oneAtATime", p.oneAtATime());
    params.put("blockMillis", p.blockMillis());
    params.put("warmup", p.warmup());
    params.put("dataBytes", DATA_SIZE);
    ArrayNode rows = report.root().putArray("rows");
    try (HardhatNode chain = HardhatNode.start()) {
      DevnetDeployment devnet = DevnetDeployment.deploy(chain, List.of());
      try (SimulatedNode node = startNode(chain, devnet)) {
        chain.intervalMining(p.blockMillis());
        System.out.printf(
            "devnet: one block every %d ms; the original flow mints %d tokens one after another,"
                + " the service %d one at a time and a burst of %d%n",
            p.blockMillis(), p.originalTokens(), p.oneAtATime(), p.tokens());
        ObjectNode original = original(chain, devnet, p);
        rows.add(original);
        print(original);
        ObjectNode defaults = service("service, default settings", chain, devnet, p, Map.of());
        rows.add(defaults);
        print(defaults);
        String tuned = System.getenv("BENCH_TUNED");
        if (tuned != null && !tuned.isBlank()) {
          Map<String, Object> settings = JSON.readValue(tuned, Map.class);
          ObjectNode row = service("service, tuned", chain, devnet, p, settings);
          rows.add(row);
          print(row);
        }
      }
    }
    double originalRate = rows.get(0).get("mintsPerMinute").asDouble();
    for (JsonNode row : rows) {
      ((ObjectNode) row).put("vsOriginal", row.get("mintsPerMinute").asDouble() / originalRate);
    }
    ObjectNode defaults = (ObjectNode) rows.get(1);
    double one = defaults.get("oneAtATime").get("latencyMs").get("median").asDouble();
    double latencyRatio = defaults.get("burst").get("latencyMs").get("median").asDouble() / one;
    double runRatio = defaults.get("burst").get("runLatencyMs").get("median").asDouble() / one;
    defaults.put("burstLatencyVsOneAtATime", latencyRatio);
    defaults.put("burstRunLatencyVsOneAtATime", runRatio);
    System.out.printf(
        "%ndefaults vs the original flow: %.1fx; in the burst, a job's median time from added to"
            + " completed is %.2fx the one-at-a-time median, from taken to completed %.2fx%n",
        defaults.get("vsOriginal").asDouble(), latencyRatio, runRatio);
    System.out.println("wrote " + report.write());
  }

  private static ObjectNode original(HardhatNode chain, DevnetDeployment devnet, Parameters p)
      throws Exception {
    ObjectNode command = JSON.createObjectNode();
    command.put("rpc", chain.url());
    command.put("chainId", 133718);
    command.put("dataRegistry", devnet.dataRegistry());
    command.put("verifiedComputing", devnet.verifiedComputing());
    command.put("dataAnchoringToken", devnet.dataAnchoringToken());
    command.put("seed", SEED);
    command.put("tokens", p.originalTokens());
    command.put("warmup", p.warmup());
    command.put("size", DATA_SIZE);
    NodePeer.Result result =
        NodePeer.run("original-flow.js", Map.of("PRIVATE_KEY", ORIGINAL_KEY), command.toString())
            .orThrow();
    JsonNode out = JSON.readTree(result.stdout());
    ObjectNode row = JSON.createObjectNode();
    row.put("name", "original flow (Node: alith Client + encrypt, node-rsa; one at a time)");
    row.put("tokens", p.originalTokens());
    row.put("wallMs", out.get("wallMs").asDouble());
    row.put("mintsPerMinute", p.originalTokens() * 60_000.0 / out.get("wallMs").asDouble());
    row.set("latencyMs", BenchReport.stats(doubles(out.get("perMintMs"))));
    return row;
  }

  private static ObjectNode service(
      String name,
      HardhatNode chain,
      DevnetDeployment devnet,
      Parameters p,
      Map<String, Object> tuning)
      throws Exception {
    String database = TestServices.createDatabase();
    String prefix = TestServices.queuePrefix(database);
    Path store = Files.createTempDirectory("bench-ipfs");
    Map<String, Object> settings = new LinkedHashMap<>(TestServices.serviceProperties(database));
    int port = ServiceJar.freePort();
    settings.put("server.port", port);
    settings.put("lazai.mint.encryption-seed", SEED);
    settings.put("lazai.chain.private-key", SERVICE_KEY);
    settings.put("lazai.chain.rpc-url", chain.url());
    settings.put("lazai.chain.verified-computing-address", devnet.verifiedComputing());
    settings.put("lazai.chain.data-registry-address", devnet.dataRegistry());
    settings.put("lazai.chain.deployment-block", devnet.deploymentBlock());
    // The simulated node listens on loopback, which node URLs may not name by default.
    settings.put("lazai.chain.allowed-node-networks", "127.0.0.0/8");
    settings.put("lazai.storage.provider", "local");
    settings.put("lazai.storage.local.directory", store.toString());
    settings.put("lazai.storage.local.public-base-url", "http://127.0.0.1:" + port);
    settings.putAll(tuning);
    ObjectNode row = JSON.createObjectNode();
    row.put("name", name);
    row.set("settings", JSON.valueToTree(tuning));
    row.put("jvmOptions", String.join(" ", DOCKERFILE_JVM));
    try (ServiceJar service =
        ServiceJar.start(
            new ServiceJar.Settings(
                name.replaceAll("[^A-Za-z0-9]+", "-"),
                settings,
                Map.of(),
                DOCKERFILE_JVM,
                Duration.ofSeconds(120)))) {
      produce(prefix, tokens(0xc000, p.warmup()));
      List<Double> oneLatency = new ArrayList<>();
      for (int i = 0; i < p.oneAtATime(); i++) {
        oneLatency.addAll(latencies(produce(prefix, tokens(0xd000 + i, 1)), "timestamp"));
      }
      ObjectNode oneAtATime = row.putObject("oneAtATime");
      oneAtATime.put("tokens", p.oneAtATime());
      oneAtATime.set("latencyMs", BenchReport.stats(unbox(oneLatency)));
      JsonNode burst = produce(prefix, tokens(0xe000, p.tokens()));
      long first = Long.MAX_VALUE;
      long last = 0;
      for (JsonNode job : burst.get("jobs")) {
        first = Math.min(first, job.get("timestamp").asLong());
        last = Math.max(last, job.get("finishedOn").asLong());
      }
      ObjectNode burstRow = row.putObject("burst");
      burstRow.put("tokens", p.tokens());
      burstRow.put("wallMs", last - first);
      burstRow.set("latencyMs", BenchReport.stats(unbox(latencies(burst, "timestamp"))));
      burstRow.set("runLatencyMs", BenchReport.stats(unbox(latencies(burst, "processedOn"))));
      row.put("tokens", p.tokens());
      row.put("wallMs", last - first);
      row.put("mintsPerMinute", p.tokens() * 60_000.0 / (last - first));
    } finally {
      TestServices.deleteQueueKeys(prefix);
      TestServices.dropDatabase(database);
    }
    return row;
  }

  /** Adds the jobs from Node {@code bullmq} and answers them once each finished. */
  private static JsonNode produce(String prefix, List<String> tokens) throws Exception {
    ObjectNode command = JSON.createObjectNode();
    command.put("cmd", "produce");
    command.put("version", "6");
    command.put("prefix", prefix);
    command.put("queue", "lazai-mint-dat");
    command.put("timeoutMs", 280_000);
    ArrayNode jobs = command.putArray("jobs");
    for (String token : tokens) {
      ObjectNode job = jobs.addObject();
      job.put("name", "mint");
      ObjectNode data = job.putObject("data");
      data.put("tokenAddress", token);
      data.put("fileName", "bench.bin");
      // The original producers' form: the bytes as a JSON array of numbers.
      ArrayNode bytes = data.putArray("privacyData");
      byte[] raw = new byte[DATA_SIZE];
      new Random(token.hashCode()).nextBytes(raw);
      for (byte b : raw) {
        bytes.add(b & 0xff);
      }
      ObjectNode opts = job.putObject("opts");
      opts.put("attempts", 5);
      opts.putObject("backoff").put("type", "exponential").put("delay", 1000);
    }
    JsonNode answer =
        JSON.readTree(
            NodePeer.run("bullmq-peer.js", Map.of(), command.toString()).orThrow().stdout());
    for (JsonNode job : answer.get("jobs")) {
      String state = job.path("returnvalue").path("state").asString("");
      if (!job.get("state").asString().equals("completed")
          || !(state.equals("REWARDED") || state.equals("ATTESTED"))) {
        throw new IllegalStateException(
            "job "
                + job.get("id")
                + " ended "
                + job.get("state")
                + " with "
                + job.path("returnvalue")
                + ": "
                + job.path("failedReason"));
      }
    }
    return answer;
  }

  /**
   * Each job's time to {@code finishedOn} from {@code since}: {@code timestamp} (added: what the
   * producer waits, queueing included) or {@code processedOn} (taken by a worker: the mint's run).
   */
  private static List<Double> latencies(JsonNode produced, String since) {
    List<Double> ms = new ArrayList<>();
    for (JsonNode job : produced.get("jobs")) {
      ms.add((double) (job.get("finishedOn").asLong() - job.get(since).asLong()));
    }
    return ms;
  }

  private static List<String> tokens(int base, int count) {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tokens.add(String.format("0x%040x", (long) base * 0x10000 + i));
    }
    return tokens;
  }

  private static void print(JsonNode row) {
    System.out.printf(
        "%-62s %4d mints %8.1f mints/min, latency median %6.0f ms%n",
        row.get("name").asString(),
        row.get("tokens").asInt(),
        row.get("mintsPerMinute").asDouble(),
        row.has("burst")
            ? row.get("burst").get("latencyMs").get("median").asDouble()
            : row.get("latencyMs").get("median").asDouble());
  }

  private static SimulatedNode startNode(HardhatNode chain, DevnetDeployment devnet)
      throws Exception {
    return SimulatedNode.start(
        SimulatedNodeSettings.of(
                chain.url(),
                devnet.dataRegistry(),
                devnet.verifiedComputing(),
                HardhatNode.KEYS.get(1))
            .withMaintainerKey(HardhatNode.KEYS.get(0)));
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  private static double[] unbox(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }
}
