package social.gm2.lazai.queue.bullmq;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.KeepJobs;
import social.gm2.lazai.queue.Worker;
import social.gm2.lazai.queue.WorkerOptions;
import social.gm2.lazai.support.NodePeer;
import social.gm2.lazai.support.TestServices;

/**
 * No-op jobs through the Java worker and through a Node BullMQ worker on the same Redis, at
 * concurrency 1 and 50, in one run: jobs/s for each (median of 3 alternating rounds) and the
 * Java/Node ratio. Each side drains a queue of its own that the Java producer filled beforehand
 * (same payload and options). Run with {@code bash bench/queue.sh}; {@code BENCH_JOBS} sets the
 * jobs per run (10000), {@code BENCH_BULLMQ} the Node version (6).
 */
public final class QueueBenchmark {
  private static final JobOptions OPTIONS =
      JobOptions.defaults().withRetention(KeepJobs.none(), KeepJobs.none());

  private static final int ROUNDS = 3;

  private QueueBenchmark() {}

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String rounded(double[] values) {
    return java.util.Arrays.stream(values)
        .mapToObj(v -> String.format("%.0f", v))
        .toList()
        .toString();
  }

  public static void main(String[] args) throws Exception {
    int jobs = Integer.parseInt(System.getenv().getOrDefault("BENCH_JOBS", "10000"));
    String version = System.getenv().getOrDefault("BENCH_BULLMQ", "6");
    RedisQueues redis = new RedisQueues();
    try (BullMqQueues queues = redis.open()) {
      runJava(queues, "warm-up", Math.min(jobs, 3000), 50);
      System.out.printf(
          "%d no-op jobs per run, bullmq %s, Redis %s:%d%n",
          jobs, version, TestServices.redisHost(), TestServices.redisPort());
      System.out.println("concurrency | Java jobs/s | Node jobs/s | Java/Node");
      for (int concurrency : List.of(1, 50)) {
        // Alternating rounds; the median of each side, as the machine is shared.
        double[] java = new double[ROUNDS];
        double[] node = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
          java[round] = runJava(queues, "java-c" + concurrency + "-" + round, jobs, concurrency);
          node[round] =
              runNode(
                  queues,
                  redis.prefix,
                  version,
                  "node-c" + concurrency + "-" + round,
                  jobs,
                  concurrency);
        }
        double j = median(java);
        double n = median(node);
        System.out.printf(
            "%11d | %11.0f | %11.0f | %.2f   (rounds: Java %s, Node %s)%n",
            concurrency, j, n, j / n, rounded(java), rounded(node));
      }
    } finally {
      redis.deleteKeys();
    }
  }

  private static double runJava(BullMqQueues queues, String name, int jobs, int concurrency)
      throws Exception {
    fill(queues.queue(name), jobs);
    CountDownLatch handled = new CountDownLatch(jobs);
    Worker worker =
        queues.worker(
            name,
            job -> {
              handled.countDown();
              return null;
            },
            new WorkerOptions(
                concurrency, Duration.ofSeconds(30), Duration.ofSeconds(30), 1, "bench"));
    JobQueue queue = queues.queue(name);
    long start = System.nanoTime();
    worker.start();
    handled.await();
    // The last jobs are finished once the active list is empty.
    while (queue.counts().get(JobState.ACTIVE) > 0) {
      Thread.onSpinWait();
    }
    long nanos = System.nanoTime() - start;
    worker.close(Duration.ofSeconds(10));
    return jobs / (nanos / 1e9);
  }

  private static double runNode(
      BullMqQueues queues, String prefix, String version, String name, int jobs, int concurrency)
      throws Exception {
    fill(queues.queue(name), jobs);
    String out =
        NodePeer.run(
                "bench-worker.js",
                Map.of(
                    "TEST_REDIS_HOST",
                    TestServices.redisHost(),
                    "TEST_REDIS_PORT",
                    Integer.toString(TestServices.redisPort())),
                "",
                version,
                prefix,
                name,
                Integer.toString(jobs),
                Integer.toString(concurrency))
            .orThrow()
            .stdout();
    double ms = Double.parseDouble(out.replaceAll(".*\"ms\":([0-9.]+).*", "$1"));
    return jobs / (ms / 1000);
  }

  /** Adds the jobs from 8 threads (the producer is not what is measured). */
  private static void fill(JobQueue queue, int jobs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> adds = new java.util.ArrayList<>();
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
