package social.gm2.lazai.queue.bullmq;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import social.gm2.lazai.support.TestServices;

/**
 * BullMQ queues on the test Redis under a key prefix of their own, so that parallel runs never
 * meet; {@link #deleteKeys()} removes everything under it.
 */
public final class RedisQueues {
  public final String prefix = "lazai-test-" + UUID.randomUUID().toString().substring(0, 8);

  public static RedisURI uri() {
    return RedisURI.builder()
        .withHost(TestServices.redisHost())
        .withPort(TestServices.redisPort())
        .withTimeout(Duration.ofSeconds(15))
        .build();
  }

  /** BullMQ 5's layout for paused queues (a paused list), the service's default. */
  public BullMqQueues open() {
    return open(true);
  }

  /** With {@code legacyPaused} false, BullMQ 6's layout (a paused queue keeps its wait list). */
  public BullMqQueues open(boolean legacyPaused) {
    RedisClient client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    return new BullMqQueues(
        client, uri(), new BullMqQueues.Settings(prefix, legacyPaused), Clock.systemUTC());
  }

  public void deleteKeys() {
    RedisClient client = RedisClient.create(uri());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        var page = c.sync().scan(cursor, ScanArgs.Builder.matches(prefix + ":*").limit(1000));
        if (!page.getKeys().isEmpty()) {
          c.sync().del(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } finally {
      client.shutdown();
    }
  }
}
