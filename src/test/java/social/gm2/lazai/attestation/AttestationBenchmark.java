package social.gm2.lazai.attestation;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.web3j.Web3jLazaiChain;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;
import social.gm2.lazai.support.DevnetActor;
import social.gm2.lazai.support.DevnetDeployment;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.RpcProxy;
import social.gm2.lazai.support.TestSenders;
import social.gm2.lazai.support.TestServices;

/**
 * RPC requests per new block: the log poller against the original per-token search (one {@code
 * eth_getLogs} per rewarded, unattested token over {@code [rewardBlock − 100, rewardBlock]} per
 * cron run, one run per block), on the devnet, each through its own counting proxy, with 100 and
 * then 1,000 jobs opened on chain and waiting. The poller is measured over {@value #BLOCKS} new
 * blocks (every other one holding a JobComplete it must verify); the original's cost is the same at
 * every run (one request per waiting token), so it is measured over {@value #ORIGINAL_RUNS} runs
 * only, because Hardhat answers its 1,000 searches in about 45 s. Run with {@code
 * bench/attestation.sh}; not a test.
 */
public final class AttestationBenchmark {
  private static final int BLOCKS = 20;
  private static final int ORIGINAL_RUNS = 2;
  private static final String JOB_COMPLETE =
      EventEncoder.encode(VerifiedComputing.JOBCOMPLETE_EVENT);

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    String database = TestServices.createDatabase();
    try (HardhatNode chain = HardhatNode.start();
        RpcProxy pollerRpc = RpcProxy.start(chain.url());
        RpcProxy originalRpc = RpcProxy.start(chain.url());
        HikariDataSource dataSource = TestServices.migratedDataSource(database)) {
      new AttestationBenchmark().run(chain, pollerRpc, originalRpc, dataSource);
    } finally {
      TestServices.dropDatabase(database);
    }
    System.exit(0); // web3j's and the JDK HTTP client's threads would keep the JVM up
  }

  private void run(HardhatNode chain, RpcProxy pollerRpc, RpcProxy originalRpc, HikariDataSource ds)
      throws Exception {
    Web3j direct = Web3j.build(new HttpService(chain.url()));
    Web3j viaPoller = Web3j.build(new HttpService(pollerRpc.url()));
    Web3j viaOriginal = Web3j.build(new HttpService(originalRpc.url()));
    String nodeKey = HardhatNode.KEYS.get(1);
    String nodeAddress = Credentials.create(nodeKey).getAddress();
    var devnet =
        DevnetDeployment.deploy(
            chain, List.of(new DevnetDeployment.Node(nodeAddress, "http://127.0.0.1:1", "")));
    var owner = new DevnetActor(direct, HardhatNode.KEYS.get(2), null, devnet.verifiedComputing());
    var node = new DevnetActor(direct, nodeKey, null, devnet.verifiedComputing());

    System.out.println("opening 1,000 waiting jobs and " + 2 * BLOCKS + " to complete ...");
    List<Long> waitingRewardBlocks = new ArrayList<>();
    List<BigInteger> waitingJobs = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      waitingJobs.add(owner.requestProof(BigInteger.valueOf(i + 1)));
      waitingRewardBlocks.add(head(direct));
    }
    List<BigInteger> toComplete = new ArrayList<>();
    for (int i = 0; i < 2 * BLOCKS; i++) {
      toComplete.add(owner.requestProof(BigInteger.valueOf(5000 + i)));
    }

    var jdbc = new JdbcTemplate(ds);
    var tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
    var lazai =
        Web3jLazaiChain.connect(
            viaPoller,
            TestSenders.sender(
                viaPoller, pollerRpc.url(), HardhatNode.KEYS.get(0), ds, Duration.ofMinutes(1)),
            devnet.dataRegistry(),
            devnet.verifiedComputing(),
            pollerRpc.url(),
            devnet.deploymentBlock());
    var properties = new AttestationProperties(true, 0, null, 500, 5000, null, null, null);
    var lease = new PollerLease(jdbc, tx, Clock.systemUTC(), "bench", Duration.ofMinutes(5));
    var poller =
        new JobCompletePoller(
            lazai,
            new AttestationStore(jdbc, tx),
            lease,
            new JobCompleteVerifier(lazai, devnet.verifiedComputing()),
            properties,
            devnet.deploymentBlock(),
            event -> {},
            new SimpleMeterRegistry());
    while (poller.poll()) {
      // catch up with the blocks of the setup; not measured
    }

    System.out.printf(
        "%-8s %-10s %12s %12s %12s %12s   %s%n",
        "waiting", "approach", "getLogs/blk", "eth_call/blk", "other/blk", "total/blk", "ratio");
    int next = 0;
    for (int waiting : new int[] {100, 1000}) {
      pollerRpc.reset();
      originalRpc.reset();
      List<Long> rewardBlocks = waitingRewardBlocks.subList(0, waiting);
      for (int b = 0; b < BLOCKS; b++) {
        if (b % 2 == 0) {
          node.completeJob(toComplete.get(next++)); // a block with a JobComplete log
        } else {
          chain.rpc("evm_mine"); // an empty block
        }
        while (poller.poll()) {
          // read up to the new head
        }
        for (int token = 0; b < ORIGINAL_RUNS && token < rewardBlocks.size(); token++) {
          originalSearch(viaOriginal, devnet.verifiedComputing(), rewardBlocks.get(token));
        }
      }
      report(waiting, pollerRpc, originalRpc);
    }
    backfill(lazai, jdbc, tx, properties, devnet, waitingJobs, waitingRewardBlocks, pollerRpc);
    direct.shutdown();
    viaPoller.shutdown();
    viaOriginal.shutdown();
  }

  /** A backfill's checks of the 1,000 waiting jobs, which the poller covers: RPC requests made. */
  private static void backfill(
      Web3jLazaiChain lazai,
      JdbcTemplate jdbc,
      TransactionTemplate tx,
      AttestationProperties properties,
      DevnetDeployment devnet,
      List<BigInteger> jobs,
      List<Long> rewardBlocks,
      RpcProxy rpc) {
    var service =
        new AttestationLookup(
            lazai,
            new AttestationStore(jdbc, tx),
            new JobCompleteVerifier(lazai, devnet.verifiedComputing()),
            properties,
            devnet.deploymentBlock(),
            devnet.deploymentBlock(),
            event -> {});
    rpc.reset();
    for (int i = 0; i < jobs.size(); i++) {
      service.check(new social.gm2.lazai.chain.JobId(jobs.get(i)), rewardBlocks.get(i));
    }
    System.out.printf(
        "backfill check of %d waiting jobs: %d RPC requests%n", jobs.size(), rpc.total());
  }

  /** What the original does for each rewarded token at each cron run. */
  private static void originalSearch(Web3j web3, String vc, long rewardBlock) throws Exception {
    var filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(Math.max(0, rewardBlock - 100))),
            DefaultBlockParameter.valueOf(BigInteger.valueOf(rewardBlock)),
            vc);
    filter.addSingleTopic(JOB_COMPLETE);
    web3.ethGetLogs(filter).send();
  }

  private static void report(int waiting, RpcProxy poller, RpcProxy original) {
    double pollerCost = (poller.count("eth_getLogs") + poller.count("eth_call")) / (double) BLOCKS;
    double originalCost =
        (original.count("eth_getLogs") + original.count("eth_call")) / (double) ORIGINAL_RUNS;
    double pollerAll = poller.total() / (double) BLOCKS;
    double originalAll = original.total() / (double) ORIGINAL_RUNS;
    line(waiting, "poller", poller, BLOCKS, "");
    line(
        waiting,
        "original",
        original,
        ORIGINAL_RUNS,
        String.format(
            "%.0fx (all methods: %.0fx)", originalCost / pollerCost, originalAll / pollerAll));
  }

  private static void line(int waiting, String name, RpcProxy rpc, int blocks, String ratio) {
    long logs = rpc.count("eth_getLogs");
    long calls = rpc.count("eth_call");
    long total = rpc.total();
    System.out.printf(
        "%-8d %-10s %12.2f %12.2f %12.2f %12.2f   %s%n",
        waiting,
        name,
        logs / (double) blocks,
        calls / (double) blocks,
        (total - logs - calls) / (double) blocks,
        total / (double) blocks,
        ratio);
  }

  private static long head(Web3j web3) throws Exception {
    return web3.ethBlockNumber().send().getBlockNumber().longValueExact();
  }
}
