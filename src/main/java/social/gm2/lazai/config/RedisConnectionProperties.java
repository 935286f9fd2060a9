package social.gm2.lazai.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Redis server that carries the BullMQ queues: the original service's {@code REDIS} variable
 * ({@code {"host","port","password","db"}}) or {@code lazai.redis.*} properties. Required only
 * while the queues live in Redis: with {@code lazai.queue.provider=memory} it is not read at all.
 */
@ConfigurationProperties("lazai.redis")
@ConditionalOnProperty(name = "lazai.queue.provider", havingValue = "bullmq", matchIfMissing = true)
public record RedisConnectionProperties(
    String host, Integer port, String username, Secret password, Integer database) {

  static final Setting REDIS = new Setting("REDIS", "lazai.redis");

  public RedisConnectionProperties {
    host = REDIS.child("host", "host").host(host);
    port = REDIS.child("port", "port").port(port, 6379);
    username = username == null || username.isBlank() ? null : username.strip();
    password = password == null || password.isEmpty() ? null : password;
    database = database == null ? 0 : database;
    if (database < 0) {
      throw REDIS.child("db", "database").problem("must be 0 or more, got " + database);
    }
  }
}
