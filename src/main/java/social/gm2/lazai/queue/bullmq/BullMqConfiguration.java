package social.gm2.lazai.queue.bullmq;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import social.gm2.lazai.queue.QueueProperties;
import social.gm2.lazai.queue.Queues;

/**
 * The BullMQ queues on Redis, where {@code REDIS} says ({@code lazai.queue.provider=bullmq}, the
 * default). The client connects lazily, so the service starts while Redis is down.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lazai.queue.provider", havingValue = "bullmq", matchIfMissing = true)
public class BullMqConfiguration {

  @Bean(destroyMethod = "close")
  public Queues queues(QueueProperties properties, DataRedisConnectionDetails redis, Clock clock) {
    RedisClient client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    return new BullMqQueues(
        client,
        redisUri(redis),
        new BullMqQueues.Settings(properties.prefix(), properties.legacyPaused()),
        clock);
  }

  static RedisURI redisUri(DataRedisConnectionDetails details) {
    var standalone = details.getStandalone();
    RedisURI.Builder uri =
        RedisURI.builder()
            .withHost(standalone.getHost())
            .withPort(standalone.getPort())
            .withDatabase(standalone.getDatabase())
            .withTimeout(Duration.ofSeconds(15));
    if (details.getPassword() != null) {
      if (details.getUsername() != null) {
        uri.withAuthentication(details.getUsername(), details.getPassword());
      } else {
        uri.withPassword(details.getPassword().toCharArray());
      }
    }
    return uri.build();
  }
}
