package social.gm2.lazai.mint;

import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import social.gm2.lazai.LazaiApplication;
import social.gm2.lazai.devnet.SimulatedNode;
import social.gm2.lazai.devnet.SimulatedNodeSettings;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestServices;

/**
 * Mints per minute of the whole pipeline on the devnet with blocks every second: the same service
 * run at a chosen concurrency and, in the same run, one token at a time as the original processes
 * its queue. Prints both rates, their ratio, the chain's blocks per mint and each step's latency
 * percentiles. Run it with {@code bash bench/mint.sh [tokens] [concurrency] [sequential]
 * [blockMs]}.
 */
public final class MintBenchmark {
  private static final String TREASURY_KEY = HardhatNode.KEYS.get(2);
  private static final List<MintState> STEPS =
      List.of(
          MintState.UPLOADED,
          MintState.REGISTERED,
          MintState.PROOF_REQUESTED,
          MintState.PROOF_SUBMITTED,
          MintState.REWARDED);

  private MintBenchmark() {}

  public static void main(String[] args) throws Exception {
    // Devtools would start the whole benchmark again in a restart class loader.
    System.setProperty("spring.devtools.restart.enabled", "false");
    int tokens = arg(args, 0, 200);
    int concurrency = arg(args, 1, 50);
    int sequential = arg(args, 2, 10);
    int blockMillis = arg(args, 3, 1000);
    String database = TestServices.createDatabase();
    try (HardhatNode chain = HardhatNode.start()) {
      DevnetDeployment devnet = DevnetDeployment.deploy(chain, List.of());
      try (SimulatedNode node = startNode(chain, devnet);
          ConfigurableApplicationContext service = startService(chain, devnet, database)) {
        chain.intervalMining(blockMillis);
        MintService mints = service.getBean(MintService.class);
        JdbcTemplate jdbc = service.getBean(JdbcTemplate.class);
        System.out.printf(
            "devnet: one block every %d ms; %d tokens at concurrency %d, %d one at a time%n",
            blockMillis, tokens, concurrency, sequential);
        Run one = run(mints, chain, "one-at-a-time", 0xa000, sequential, 1);
        Run many = run(mints, chain, "concurrent", 0xb000, tokens, concurrency);
        one.print();
        many.print();
        System.out.printf(
            "ratio concurrent / one-at-a-time: %.1fx%n", many.perMinute() / one.perMinute());
        latencies(jdbc, "concurrent", 0xb000, tokens);
        latencies(jdbc, "one-at-a-time", 0xa000, sequential);
      }
    } finally {
      TestServices.dropDatabase(database);
    }
  }

  /** One batch: its wall time and the blocks the chain mined meanwhile. */
  record Run(String label, int tokens, Duration elapsed, long blocks) {
    double perMinute() {
      return tokens * 60_000.0 / elapsed.toMillis();
    }

    void print() {
      System.out.printf(
          "%-14s %4d mints in %6.1f s = %7.1f mints/min (%d blocks, %.2f blocks per mint)%n",
          label,
          tokens,
          elapsed.toMillis() / 1000.0,
          perMinute(),
          blocks,
          (double) blocks / tokens);
    }
  }

  private static Run run(
      MintService mints, HardhatNode chain, String label, int base, int count, int concurrency)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long firstBlock = head(chain);
    long started = System.nanoTime();
    List<Future<Mint>> runs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String token = token(base, i);
      byte[] data = new byte[4096];
      new Random(base + i).nextBytes(data);
      runs.add(pool.submit(() -> mint(mints, token, data)));
    }
    for (Future<Mint> run : runs) {
      Mint mint = run.get();
      if (mint.state() != MintState.REWARDED) {
        throw new IllegalStateException(
            "mint " + mint.tokenAddress() + " ended " + mint.state() + ": " + mint.lastError());
      }
    }
    pool.shutdown();
    return new Run(
        label, count, Duration.ofNanos(System.nanoTime() - started), head(chain) - firstBlock);
  }

  /** Submits and processes one token as a queue worker would, retrying what may pass. */
  private static Mint mint(MintService mints, String token, byte[] data) throws Exception {
    mints.submit(token, "bench.bin", data);
    for (int attempt = 0; ; attempt++) {
      try {
        Mint mint = mints.process(token);
        if (mint.state().settled()) {
          return mint;
        }
      } catch (MintStepException e) {
        if (attempt > 100) {
          throw e;
        }
      }
      Thread.sleep(200);
    }
  }

  /** Each step's latency: the time from the transition before it to its own. */
  private static void latencies(JdbcTemplate jdbc, String label, int base, int count) {
    Map<MintState, List<Long>> byStep = new EnumMap<>(MintState.class);
    Map<Long, Timestamp> previous = new HashMap<>();
    jdbc.query(
        "SELECT t.mint_id, t.to_state, t.occurred_at FROM mint_transition t"
            + " JOIN mint m ON m.id = t.mint_id WHERE m.token_address BETWEEN ? AND ?"
            + " ORDER BY t.mint_id, t.id",
        rs -> {
          long mint = rs.getLong(1);
          MintState to = MintState.valueOf(rs.getString(2));
          Timestamp at = rs.getTimestamp(3);
          Timestamp before = previous.put(mint, at);
          if (before != null && STEPS.contains(to)) {
            byStep.computeIfAbsent(to, s -> new ArrayList<>()).add(at.getTime() - before.getTime());
          }
        },
        token(base, 0),
        token(base, count - 1));
    System.out.printf("%n%s step latency (ms)      p50      p90      p99      max%n", label);
    for (MintState step : STEPS) {
      List<Long> ms = byStep.getOrDefault(step, List.of()).stream().sorted().toList();
      if (!ms.isEmpty()) {
        System.out.printf(
            "  -> %-16s %10d %8d %8d %8d%n",
            step, pct(ms, 50), pct(ms, 90), pct(ms, 99), ms.get(ms.size() - 1));
      }
    }
  }

  private static long pct(List<Long> sorted, int p) {
    return sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
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

  private static ConfigurableApplicationContext startService(
      HardhatNode chain, DevnetDeployment devnet, String database) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path store = Files.createTempDirectory("ipfs");
    Map<String, Object> p = new HashMap<>();
    p.put("lazai.database.primary.host", TestServices.mariadbHost());
    p.put("lazai.database.primary.port", TestServices.mariadbPort());
    p.put("lazai.database.primary.username", TestServices.mariadbUser());
    p.put("lazai.database.primary.password", TestServices.mariadbPassword());
    p.put("lazai.database.primary.database", database);
    p.put("lazai.database.pool-size", 80);
    p.put("lazai.redis.host", TestServices.redisHost());
    p.put("lazai.redis.port", TestServices.redisPort());
    p.put("lazai.mint.encryption-seed", "Sign to retrieve your encryption key");
    p.put("server.port", port);
    p.put("lazai.chain.private-key", TREASURY_KEY);
    p.put("lazai.chain.rpc-url", chain.url());
    p.put("lazai.chain.verified-computing-address", devnet.verifiedComputing());
    p.put("lazai.chain.data-registry-address", devnet.dataRegistry());
    p.put("lazai.chain.deployment-block", devnet.deploymentBlock());
    p.put("lazai.chain.max-head-age", "0s");
    p.put("lazai.chain.allowed-node-networks", "127.0.0.0/8");
    p.put("lazai.chain.transactions.poll-interval", "100ms");
    p.put("lazai.storage.provider", "local");
    p.put("lazai.storage.local.directory", store.toString());
    p.put("lazai.storage.local.public-base-url", "http://127.0.0.1:" + port);
    p.put("logging.level.social.gm2.lazai", "WARN");
    // As arguments: default properties would lose to the original PORT's default.
    return new SpringApplicationBuilder(LazaiApplication.class)
        .run(
            p.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
  }

  private static long head(HardhatNode chain) throws Exception {
    return new BigInteger(chain.rpc("eth_blockNumber").get("result").asString().substring(2), 16)
        .longValueExact();
  }

  private static String token(int base, int i) {
    return String.format("0x%040x", base + i);
  }

  private static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }
}
