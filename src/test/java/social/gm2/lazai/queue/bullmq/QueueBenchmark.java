package social.gm2.lazai.queue.bullmq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.KeepJobs;
import social.gm2.lazai.queue.Worker;
import social.gm2.lazai.queue.WorkerOptions;
import social.gm2.lazai.support.BenchReport;
import social.gm2.lazai.support.PeerProcess;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * No-op jobs drained by the Java worker and by Node bullmq 6.7.0 and 5.81.5 workers from the same
 * Redis, at concurrency 1 and 50, written to {@code bench/results/queue.json}. Each side is one
 * long-lived process (this JVM; one Node process per bullmq version), warmed with the same number
 * of jobs, then run for the same rounds, in a rotating order: each round fills the side's queue
 * (the Java producer, before any worker listens), creates a worker on it (untimed: construction and
 * connection), then times from starting it until the queue has no waiting or active job, and closes
 * it. The same clock and the same drain check time all three. Run with {@code bash bench/queue.sh};
 * {@code BENCH_JOBS} (10000) jobs per round, {@code BENCH_ROUNDS} (5) rounds.
 */
public final class QueueBenchmark {
  private static final JobOptions OPTIONS =
      JobOptions.defaults().withRetention(KeepJobs.none(), KeepJobs.none());
  private static final List<Integer> CONCURRENCIES = List.of(1, 50);

  private QueueBenchmark() {}

  /** One worker implementation, run the same way as the others. */
  interface Side {
    String key();

    void prepare(String queue, int concurrency) throws Exception;

    void go() throws Exception;

    /** Closes the worker; how many jobs it completed. */
    long close() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.ERROR);
    int jobs = Integer.parseInt(System.getenv().getOrDefault("BENCH_JOBS", "10000"));
    int rounds = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "5"));
    BenchReport report =
        new BenchReport("queue", "bash bench/queue.sh")
            .withJdkAndNode()
            .npm("bullmq6", "interop/node_modules/bullmq")
            .npm("bullmq5", "interop/node_modules/bullmq5")
            .npm("ioredis", "interop/node_modules/ioredis");
    RedisQueues redis = new RedisQueues();
    Map<String, String> env =
        Map.of(
            "TEST_REDIS_HOST",
            TestServices.redisHost(),
            "TEST_REDIS_PORT",
            Integer.toString(TestServices.redisPort()));
    // The harness fills and watches the queues on connections of its own; the Java worker has its
    // own, as each Node process has.
    try (BullMqQueues queues = redis.open();
        BullMqQueues javaWorkers = redis.open();
        PeerProcess node6 = PeerProcess.node("bench-worker.js", env, "6", redis.prefix);
        PeerProcess node5 = PeerProcess.node("bench-worker.js", env, "5", redis.prefix)) {
      report.versions().put("redis", BenchReport.redisVersion());
      ObjectNode p = report.parameters();
      p.put("jobsPerRound", jobs);
      p.put("warmupJobs", jobs);
      p.put("rounds", rounds);
      p.put("redis", TestServices.redisHost() + ":" + TestServices.redisPort());
      p.put("job", "no-op processor, data {}, removeOnComplete and removeOnFail");
      p.put(
          "fairness",
          "one long-lived process per side, warmed with the same jobs; per round: fill the side's"
              + " queue, create a worker (untimed), time from its start until no job waits or is"
              + " active, close it; sides in rotating order");
      List<Side> sides =
          List.of(
              new JavaSide(javaWorkers),
              new NodeSide("bullmq6", node6),
              new NodeSide("bullmq5", node5));
      ArrayNode rows = report.root().putArray("concurrency");
      for (int concurrency : CONCURRENCIES) {
        rows.add(measure(queues, sides, concurrency, jobs, rounds));
      }
    } finally {
      redis.deleteKeys();
    }
    System.out.println("wrote " + report.write());
  }

  private static ObjectNode measure(
      BullMqQueues queues, List<Side> sides, int concurrency, int jobs, int rounds)
      throws Exception {
    ObjectNode row = BenchReport.object();
    row.put("concurrency", concurrency);
    double[][] rates = new double[sides.size()][rounds];
    for (Side side : sides) {
      double warm = round(queues, side, concurrency, jobs);
      row.putObject(side.key()).put("warmupJobsPerSecond", warm);
    }
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < sides.size(); k++) {
        int s = (r + k) % sides.size();
        rates[s][r] = round(queues, sides.get(s), concurrency, jobs);
      }
      System.out.printf(
          "concurrency %d round %d: java %.0f, bullmq6 %.0f, bullmq5 %.0f jobs/s%n",
          concurrency, r + 1, rates[0][r], rates[1][r], rates[2][r]);
    }
    for (int s = 0; s < sides.size(); s++) {
      ((ObjectNode) row.get(sides.get(s).key())).set("jobsPerSecond", BenchReport.stats(rates[s]));
    }
    ObjectNode ratio = row.putObject("javaOverNode");
    double java = BenchReport.median(rates[0]);
    ratio.put("bullmq6", java / BenchReport.median(rates[1]));
    ratio.put("bullmq5", java / BenchReport.median(rates[2]));
    return row;
  }

  /** One round: fill, prepare, time start → drained, close; jobs per second. */
  private static double round(BullMqQueues queues, Side side, int concurrency, int jobs)
      throws Exception {
    String name = side.key() + "-c" + concurrency;
    JobQueue queue = queues.queue(name);
    fill(queue, jobs);
    side.prepare(name, concurrency);
    long start = System.nanoTime();
    side.go();
    while (!drained(queue)) {
      LockSupport.parkNanos(2_000_000);
    }
    long nanos = System.nanoTime() - start;
    long completed = side.close();
    if (completed != jobs) {
      throw new IllegalStateException(
          side.key() + " completed " + completed + " of " + jobs + " jobs in " + name);
    }
    return jobs / (nanos / 1e9);
  }

  private static boolean drained(JobQueue queue) {
    Map<JobState, Long> counts = queue.counts();
    return counts.get(JobState.WAITING) == 0
        && counts.get(JobState.ACTIVE) == 0
        && counts.get(JobState.PRIORITIZED) == 0
        && counts.get(JobState.DELAYED) == 0;
  }

  /** The Java worker, in this JVM. */
  private static final class JavaSide implements Side {
    private final BullMqQueues queues;
    private final AtomicInteger handled = new AtomicInteger();
    private Worker worker;

    JavaSide(BullMqQueues queues) {
      this.queues = queues;
    }

    @Override
    public String key() {
      return "java";
    }

    @Override
    public void prepare(String queue, int concurrency) {
      handled.set(0);
      worker =
          queues.worker(
              queue,
              job -> {
                handled.incrementAndGet();
                return null;
              },
              new WorkerOptions(
                  concurrency, Duration.ofSeconds(30), Duration.ofSeconds(30), 1, "bench"));
    }

    @Override
    public void go() {
      worker.start();
    }

    @Override
    public long close() {
      worker.close(Duration.ofSeconds(10));
      return handled.get();
    }
  }

  /** A Node bullmq worker in a long-lived process of its own ({@code interop/bench-worker.js}). */
  private record NodeSide(String key, PeerProcess peer) implements Side {
    @Override
    public void prepare(String queue, int concurrency) throws Exception {
      peer.ask(Map.of("cmd", "prepare", "queue", queue, "concurrency", concurrency));
    }

    @Override
    public void go() throws Exception {
      peer.ask(Map.of("cmd", "go"));
    }

    @Override
    public long close() throws Exception {
      return peer.ask(Map.of("cmd", "close")).get("completed").asLong();
    }
  }

  /** Adds the jobs from 8 threads (the producer is not what is measured). */
  private static void fill(JobQueue queue, int jobs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> adds = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int share = jobs / 8 + (t < jobs % 8 ? 1 : 0);
        adds.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < share; i++) {
                    queue.add("noop", "{}", OPTIONS);
                  }
                }));
      }
      for (Future<?> add : adds) {
        add.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
