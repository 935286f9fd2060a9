package social.gm2.lazai.config;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With the queues in memory ({@code lazai.queue.provider=memory}) nothing uses Redis, so its health
 * component is turned off by default: a Redis that is not there must not make the service DOWN. The
 * default sits below every other source; {@code management.health.redis.enabled} set anywhere wins.
 */
public class RedisHealthDefault implements EnvironmentPostProcessor, Ordered {
  static final String SOURCE = "redisHealthDefault";

  @Override
  public int getOrder() {
    // After LegacyEnvironment, so that every source (the .env file included) is in place.
    return ConfigDataEnvironmentPostProcessor.ORDER + 2;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if ("memory".equals(env.getProperty("lazai.queue.provider"))) {
      env.getPropertySources()
          .addLast(new MapPropertySource(SOURCE, Map.of("management.health.redis.enabled", false)));
    }
  }
}
