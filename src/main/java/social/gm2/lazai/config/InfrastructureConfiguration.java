package social.gm2.lazai.config;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clock, the instance's name and the Redis connection every feature shares. */
@Configuration(proxyBeanMethods = false)
class InfrastructureConfiguration {

  /** Logic asks this clock for the time, so tests can move it. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The name this process takes leases under. */
  @Bean
  InstanceName instanceName() {
    return InstanceName.random();
  }

  /**
   * Spring's Redis client, connected where {@code REDIS} says; absent with the in-memory queues,
   * like {@link RedisConnectionProperties} (the same condition: a bean condition here would be
   * evaluated before the scanned properties are registered).
   */
  @Bean
  @ConditionalOnProperty(
      name = "lazai.queue.provider",
      havingValue = "bullmq",
      matchIfMissing = true)
  DataRedisConnectionDetails redisConnectionDetails(RedisConnectionProperties redis) {
    return new DataRedisConnectionDetails() {
      @Override
      public String getUsername() {
        return redis.username();
      }

      @Override
      public String getPassword() {
        return redis.password() == null ? null : redis.password().reveal();
      }

      @Override
      public Standalone getStandalone() {
        return Standalone.of(redis.host(), redis.port(), redis.database());
      }
    };
  }
}
