package social.gm2.lazai.queue.bullmq;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import social.gm2.lazai.queue.JobHandler;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.QueueUnavailableException;
import social.gm2.lazai.queue.Queues;
import social.gm2.lazai.queue.Worker;
import social.gm2.lazai.queue.WorkerOptions;

/**
 * Queues on Redis in BullMQ's data model (keys {@code <prefix>:<queue>:*}), so that Node BullMQ
 * producers, workers, {@code QueueEvents} and Bull Board share them with this service. Connects
 * lazily: a Redis that is down when the service starts delays the workers, it does not stop them.
 */
public final class BullMqQueues implements Queues {

  /**
   * @param prefix the key prefix ({@code bull} by default; put a hash tag in it for Cluster)
   * @param legacyPaused BullMQ 5's layout: jobs of a paused queue go to its {@code paused} list
   */
  public record Settings(String prefix, boolean legacyPaused) {}

  private final RedisClient client;
  private final RedisURI uri;
  private final Settings settings;
  private final Clock clock;
  private final List<Worker> workers = new CopyOnWriteArrayList<>();
  private StatefulRedisConnection<String, String> connection;

  public BullMqQueues(RedisClient client, RedisURI uri, Settings settings, Clock clock) {
    this.client = client;
    this.uri = uri;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public JobQueue queue(String name) {
    return new BullMqJobQueue(this, checkName(name));
  }

  @Override
  public Worker worker(String queue, JobHandler handler, WorkerOptions options) {
    BullMqWorker worker = new BullMqWorker(this, checkName(queue), handler, options);
    workers.add(worker);
    return worker;
  }

  Clock clock() {
    return clock;
  }

  Settings settings() {
    return settings;
  }

  String legacyPaused() {
    return settings.legacyPaused() ? "1" : "0";
  }

  /** {@code <prefix>:<queue>:}, the start of every key of the queue. */
  String keyPrefix(String queue) {
    return settings.prefix() + ":" + queue + ":";
  }

  /** The shared connection; Lettuce pipelines the calls of all threads on it. */
  synchronized RedisCommands<String, String> commands() {
    if (connection == null || !connection.isOpen()) {
      try {
        connection = client.connect(uri);
      } catch (RedisException e) {
        throw new QueueUnavailableException(
            "cannot connect to Redis at " + uri.getHost() + ":" + uri.getPort(), e);
      }
    }
    return connection.sync();
  }

  /**
   * A connection of its own for a worker's blocking wait, named as Bull Board looks for workers:
   * {@code <prefix>:<base64(queue)>:w:<name>}.
   */
  StatefulRedisConnection<String, String> blockingConnection(String queue, String workerName) {
    String name =
        settings.prefix()
            + ":"
            + Base64.getEncoder().encodeToString(queue.getBytes(StandardCharsets.UTF_8))
            + (workerName.isEmpty() ? "" : ":w:" + workerName);
    try {
      return client.connect(RedisURI.builder(uri).withClientName(name).build());
    } catch (RedisException e) {
      throw new QueueUnavailableException(
          "cannot connect to Redis at " + uri.getHost() + ":" + uri.getPort(), e);
    }
  }

  /** Runs one of the scripts on {@code queue}'s keys, loading it on first use. */
  <T> T run(Script script, ScriptOutputType type, String queue, String... args) {
    String[] keys = {keyPrefix(queue)};
    RedisCommands<String, String> redis = commands();
    try {
      try {
        return redis.evalsha(script.sha(), type, keys, args);
      } catch (RedisNoScriptException e) {
        return redis.eval(script.text(), type, keys, args);
      }
    } catch (RedisException e) {
      throw new QueueUnavailableException("Redis failed on " + script + " for " + queue, e);
    }
  }

  private static String checkName(String name) {
    if (name == null || name.isBlank() || name.contains(":")) {
      throw new IllegalArgumentException("a queue name must be non-blank without ':', got " + name);
    }
    return name;
  }

  /** Closes the workers still running (briefly: they should have been closed first), then Redis. */
  @Override
  public void close() {
    workers.forEach(worker -> worker.close(Duration.ofSeconds(5)));
    closeConnection();
  }

  private synchronized void closeConnection() {
    if (connection != null) {
      connection.close();
    }
    client.shutdown();
  }
}
