package social.gm2.lazai.attestation;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import social.gm2.lazai.LazaiApplication;
import social.gm2.lazai.attestation.AttestationBenchPlan.Token;
import social.gm2.lazai.support.BenchReport;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.RpcProxy;
import social.gm2.lazai.support.TestServices;

/**
 * This service's attestation tracking against the original's two attestation processors rebuilt in
 * Node ({@code interop/original-attestator.js}), both running for real on one Hardhat devnet, each
 * through its own counting JSON-RPC proxy and with its own database: 1,000 jobs are opened, then
 * completed and their tokens rewarded on the schedule of {@link AttestationBenchPlan}, with blocks
 * and both sides' timers running {@code BENCH_SCALE} times faster than real time. A reward writes
 * the token's rows in both databases at the same moment, as each side's mint worker writes them
 * after {@code requestReward} (REWARDED mint with its transition, {@code LazAIMintDAT}, {@code
 * Project}). Measures, per side: RPC requests per attested token, time from reward to attested
 * (p50/p90/max), tokens never attested by the end (two cron periods after the last event), and
 * attestations that name the wrong transaction. Writes {@code bench/results/attestation.json}. Run
 * with {@code bash bench/attestation.sh}; not a test.
 */
public final class AttestationBenchmark {
  private static final String FAKE_REWARD_TX = "0x" + "5e".repeat(32);

  private AttestationBenchmark() {}

  /** When a token was rewarded: the head block then, and the moment its rows were written. */
  record Reward(long block, Instant at) {}

  public static void main(String[] args) throws Exception {
    System.setProperty("spring.devtools.restart.enabled", "false");
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    AttestationBenchPlan plan = AttestationBenchPlan.fromEnvironment();
    BenchReport report =
        new BenchReport("attestation", "bash bench/attestation.sh")
            .withJdkAndNode()
            .npm("hardhat", "devnet/node_modules/hardhat")
            .npm("ethers", "interop/node_modules/ethers")
            .npm("bullmq (original)", "interop/node_modules/bullmq5")
            .npm("mysql2", "interop/node_modules/mysql2");
    report.versions().put("redis", BenchReport.redisVersion());
    plan.describe(report.parameters());
    String serviceDb = TestServices.createDatabase();
    String originalDb = TestServices.createDatabase();
    String originalPrefix = "lazai-bench-original-" + originalDb;
    try (AttestationBenchChain chain = new AttestationBenchChain();
        RpcProxy serviceRpc = RpcProxy.start(chain.chain.url());
        RpcProxy originalRpc = RpcProxy.start(chain.chain.url());
        HikariDataSource originalDs = TestServices.migratedDataSource(originalDb)) {
      System.out.printf("opening %d jobs on the devnet ...%n", plan.tokens());
      List<BigInteger> jobs = chain.openJobs(plan.tokens());
      var run = new AttestationBenchRun(plan, chain, jobs, serviceRpc, originalRpc);
      try (ConfigurableApplicationContext service =
              startService(plan, chain, serviceRpc, serviceDb);
          HikariDataSource serviceDs = TestServices.migratedDataSource(serviceDb);
          OriginalAttestator original =
              OriginalAttestator.start(
                  originalRpc.url(),
                  chain.devnet.verifiedComputing(),
                  originalDb,
                  originalPrefix,
                  plan.cronMs())) {
        JdbcTemplate serviceJdbc = new JdbcTemplate(serviceDs);
        JdbcTemplate originalJdbc = new JdbcTemplate(originalDs);
        report
            .versions()
            .put("mariadb", serviceJdbc.queryForObject("SELECT VERSION()", String.class));
        awaitCaughtUp(serviceJdbc, chain.head());
        run.drive(
            (token, reward) -> {
              writeServiceRows(serviceJdbc, token, jobs.get(token.index()), reward);
              writeOriginalRows(originalJdbc, token, jobs.get(token.index()), reward);
            },
            () ->
                serviceJdbc.queryForObject(
                    "SELECT COUNT(*) FROM mint WHERE state = 'ATTESTED'", Integer.class),
            original.attested::size);
        service.close();
        original.close();
        System.out.println(
            original.problems().isBlank()
                ? ""
                : "original-attestator.js stderr:\n" + original.problems());
        new AttestationBenchResults(run, chain.completed(0, chain.head()))
            .write(report, serviceJdbc, originalJdbc, original);
      }
    } finally {
      TestServices.dropDatabase(serviceDb);
      TestServices.dropDatabase(originalDb);
      TestServices.deleteQueueKeys(originalPrefix);
    }
    System.out.println("wrote " + report.write());
    System.exit(0); // web3j's and the JDK HTTP client's threads would keep the JVM up
  }

  /**
   * The rows the service's reward step writes: the REWARDED mint, its transition, the originals.
   */
  private static void writeServiceRows(
      JdbcTemplate jdbc, Token token, BigInteger job, Reward reward) {
    jdbc.update(
        "INSERT INTO mint (token_address, file_name, state, file_id, job_id, reward_tx_hash,"
            + " reward_block_number) VALUES (?, 'bench.bin', 'REWARDED', ?, ?, ?, ?)",
        token.address(),
        token.index() + 1,
        job,
        FAKE_REWARD_TX,
        reward.block());
    Long id =
        jdbc.queryForObject(
            "SELECT id FROM mint WHERE token_address = ?", Long.class, token.address());
    jdbc.update(
        "INSERT INTO mint_transition (mint_id, from_state, to_state, occurred_at, detail)"
            + " VALUES (?, 'PROOF_SUBMITTED', 'REWARDED', ?, 'benchmark reward')",
        id,
        Timestamp.from(reward.at()));
    writeOriginalRows(jdbc, token, job, reward);
  }

  /** The rows the original's mint worker writes after {@code requestReward}. */
  private static void writeOriginalRows(
      JdbcTemplate jdbc, Token token, BigInteger job, Reward reward) {
    jdbc.update(
        "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId, transactionHash, blockNumber)"
            + " VALUES (?, ?, ?, ?, ?)",
        token.address(),
        Integer.toString(token.index() + 1),
        job.toString(),
        FAKE_REWARD_TX,
        reward.block());
    jdbc.update("INSERT INTO Project (tokenAddress, isAIAttested) VALUES (?, 0)", token.address());
  }

  /** Waits until the service's poller has read the setup blocks (not measured). */
  private static void awaitCaughtUp(JdbcTemplate jdbc, long head) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      List<Long> next =
          jdbc.queryForList(
              "SELECT next_block FROM attestation_cursor WHERE name = 'jobcomplete'", Long.class);
      if (!next.isEmpty() && next.get(0) > head - 6) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the service's poller did not catch up with block " + head);
  }

  private static ConfigurableApplicationContext startService(
      AttestationBenchPlan plan, AttestationBenchChain chain, RpcProxy rpc, String database)
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    long k = plan.scale();
    Map<String, Object> p = TestServices.serviceProperties(database);
    p.put("lazai.mint.encryption-seed", "Sign to retrieve your encryption key");
    p.put("server.port", port);
    p.put("lazai.chain.private-key", HardhatNode.KEYS.get(2));
    p.put("lazai.chain.rpc-url", rpc.url());
    p.put("lazai.chain.verified-computing-address", chain.devnet.verifiedComputing());
    p.put("lazai.chain.data-registry-address", chain.devnet.dataRegistry());
    p.put("lazai.chain.deployment-block", chain.devnet.deploymentBlock());
    p.put("lazai.storage.provider", "local");
    p.put("lazai.storage.local.directory", Files.createTempDirectory("ipfs").toString());
    p.put("lazai.storage.local.public-base-url", "http://127.0.0.1:" + port);
    // Every time setting of attestation tracking, scaled like the blocks and the original's cron.
    p.put("lazai.attestation.poll-interval", Duration.ofSeconds(5).dividedBy(k).toMillis() + "ms");
    p.put(
        "lazai.attestation.lease-duration", Duration.ofSeconds(30).dividedBy(k).toMillis() + "ms");
    p.put("lazai.attestation.deadline", Duration.ofMinutes(30).dividedBy(k).toMillis() + "ms");
    p.put("lazai.queue.backfill-period", Duration.ofMinutes(5).dividedBy(k).toMillis() + "ms");
    p.put("logging.level.social.gm2.lazai", "WARN");
    // As arguments: default properties would lose to the original PORT's default.
    return new SpringApplicationBuilder(LazaiApplication.class)
        .run(
            p.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
  }
}
