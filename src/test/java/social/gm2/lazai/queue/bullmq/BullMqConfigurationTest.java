package social.gm2.lazai.queue.bullmq;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import social.gm2.lazai.queue.QueueProperties;
import social.gm2.lazai.queue.Queues;
import social.gm2.lazai.queue.memory.MemoryConfiguration;
import social.gm2.lazai.queue.memory.MemoryQueues;

/** Each backend's configuration; the BullMQ one connects where {@code REDIS} says. */
class BullMqConfigurationTest {

  private static QueueProperties provider(String provider) {
    return new QueueProperties(
        provider, null, null, null, null, null, null, null, null, null, null);
  }

  private static final DataRedisConnectionDetails REDIS =
      new DataRedisConnectionDetails() {
        @Override
        public String getUsername() {
          return "queue-user";
        }

        @Override
        public String getPassword() {
          return "s3cret";
        }

        @Override
        public Standalone getStandalone() {
          return Standalone.of("redis.internal", 6380, 2);
        }
      };

  @Test
  void memoryNeedsNoRedis() {
    try (Queues queues = new MemoryConfiguration().queues(Clock.systemUTC())) {
      assertThat(queues).isInstanceOf(MemoryQueues.class);
    }
  }

  @Test
  void bullMqConnectsLazilyWhereRedisSays() {
    try (Queues queues =
        new BullMqConfiguration().queues(provider(null), REDIS, Clock.systemUTC())) {
      assertThat(queues).isInstanceOf(BullMqQueues.class);
    }
    RedisURI uri = BullMqConfiguration.redisUri(REDIS);
    assertThat(uri.getHost()).isEqualTo("redis.internal");
    assertThat(uri.getPort()).isEqualTo(6380);
    assertThat(uri.getDatabase()).isEqualTo(2);
    assertThat(uri.getUsername()).isEqualTo("queue-user");
    assertThat(new String(uri.getPassword())).isEqualTo("s3cret");
    assertThat(uri.toString()).doesNotContain("s3cret");
  }
}
