package social.gm2.lazai.queue;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import social.gm2.lazai.queue.bullmq.BullMqQueues;
import social.gm2.lazai.queue.memory.MemoryQueues;

/** The queue backend chosen by {@code lazai.queue.provider}, and the workers of its consumers. */
@Configuration(proxyBeanMethods = false)
class QueueConfiguration {

  @Bean(destroyMethod = "close")
  Queues queues(
      QueueProperties properties, ObjectProvider<DataRedisConnectionDetails> redis, Clock clock) {
    if (properties.provider().equals("memory")) {
      return new MemoryQueues(clock);
    }
    RedisURI uri = redisUri(redis.getObject());
    RedisClient client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    return new BullMqQueues(
        client,
        uri,
        new BullMqQueues.Settings(properties.prefix(), properties.legacyPaused()),
        clock);
  }

  @Bean
  QueueWorkers queueWorkers(
      Queues queues,
      QueueProperties properties,
      List<QueueConsumer> consumers,
      @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration phaseTimeout) {
    // Leave a little of the phase for closing the connections.
    Duration timeout =
        phaseTimeout.minusSeconds(2).isNegative() ? phaseTimeout : phaseTimeout.minusSeconds(2);
    return new QueueWorkers(queues, properties, consumers, timeout);
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
