package social.gm2.lazai.queue;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import social.gm2.lazai.config.Setting;

/**
 * The queues: where they live and how the workers run.
 *
 * @param provider {@code bullmq} (Redis, shared with Node BullMQ; the default) or {@code memory}
 *     (in this process, for the embedded quickstart)
 * @param prefix BullMQ's key prefix ({@code bull}); put a hash tag in it ({@code {bull}}) on Redis
 *     Cluster
 * @param legacyPaused BullMQ 5's layout for paused queues (jobs go to the {@code paused} list);
 *     true by default, which BullMQ 6 also reads
 * @param lockDuration how long a job stays locked without renewal (30s)
 * @param stalledInterval how often stalled jobs are looked for (30s); keep it no longer than any
 *     Node worker's
 * @param maxStalledCount how often a job may stall before it fails (1)
 * @param defaultConcurrency jobs run at once per queue unless {@code concurrency} names the queue
 *     or its consumer brings its own ({@code lazai-mint-dat} runs as many as {@code
 *     lazai.mint.workers})
 * @param concurrency jobs run at once, per queue name (overrides everything else)
 * @param workersEnabled false runs no workers in this instance (a producer-only instance)
 * @param workerName shown in Bull Board and written as each job's {@code pb}
 * @param backfillPeriod how often the attestation backfill job is queued (once per period across
 *     all instances)
 */
@ConfigurationProperties("lazai.queue")
public record QueueProperties(
    String provider,
    String prefix,
    Boolean legacyPaused,
    Duration lockDuration,
    Duration stalledInterval,
    Integer maxStalledCount,
    Integer defaultConcurrency,
    Map<String, Integer> concurrency,
    Boolean workersEnabled,
    String workerName,
    Duration backfillPeriod) {

  public QueueProperties {
    provider = provider == null ? "bullmq" : provider.strip().toLowerCase(Locale.ROOT);
    if (!provider.equals("bullmq") && !provider.equals("memory")) {
      throw Setting.property("lazai.queue.provider")
          .problem("must be 'bullmq' or 'memory', got '" + provider + "'");
    }
    prefix = prefix == null ? "bull" : prefix.strip();
    if (prefix.isEmpty() || prefix.chars().anyMatch(Character::isWhitespace)) {
      throw Setting.property("lazai.queue.prefix").problem("must be non-blank without spaces");
    }
    legacyPaused = legacyPaused == null || legacyPaused;
    lockDuration = atLeast("lock-duration", lockDuration, Duration.ofSeconds(30));
    stalledInterval = atLeast("stalled-interval", stalledInterval, Duration.ofSeconds(30));
    maxStalledCount = maxStalledCount == null ? 1 : maxStalledCount;
    if (maxStalledCount < 0) {
      throw Setting.property("lazai.queue.max-stalled-count").problem("must be 0 or more");
    }
    defaultConcurrency = defaultConcurrency == null ? 1 : defaultConcurrency;
    checkConcurrency("lazai.queue.default-concurrency", defaultConcurrency);
    concurrency = concurrency == null ? Map.of() : Map.copyOf(concurrency);
    concurrency.forEach((q, n) -> checkConcurrency("lazai.queue.concurrency." + q, n));
    workersEnabled = workersEnabled == null || workersEnabled;
    workerName = workerName == null || workerName.isBlank() ? "lazai-java" : workerName.strip();
    backfillPeriod = atLeast("backfill-period", backfillPeriod, Duration.ofMinutes(5));
  }

  /** How the worker of {@code queue} runs. */
  public WorkerOptions workerOptions(String queue) {
    return workerOptions(queue, null);
  }

  /**
   * How the worker of {@code queue} runs when its consumer can usefully run {@code ownConcurrency}
   * jobs at once (null: no opinion); {@code lazai.queue.concurrency.<queue>} still wins.
   */
  public WorkerOptions workerOptions(String queue, Integer ownConcurrency) {
    int fallback = ownConcurrency == null ? defaultConcurrency : ownConcurrency;
    return new WorkerOptions(
        concurrency.getOrDefault(queue, fallback),
        lockDuration,
        stalledInterval,
        maxStalledCount,
        workerName);
  }

  private static Duration atLeast(String name, Duration value, Duration fallback) {
    Duration d = value == null ? fallback : value;
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw Setting.property("lazai.queue." + name).problem("must be at least 1s, got " + d);
    }
    return d;
  }

  private static void checkConcurrency(String property, Integer n) {
    if (n == null || n < 1 || n > 1000) {
      throw Setting.property(property).problem("must be between 1 and 1000, got " + n);
    }
  }
}
