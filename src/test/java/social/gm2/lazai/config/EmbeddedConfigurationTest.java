package social.gm2.lazai.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static social.gm2.lazai.config.ConfigFixtures.bind;
import static social.gm2.lazai.config.ConfigFixtures.validVariables;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The quickstart's embedded database replaces MASTER_DB only when asked for, never silently, and
 * the in-memory queues switch Redis health off by default only.
 */
class EmbeddedConfigurationTest {

  @Test
  void anEmbeddedFileTakesThePlaceOfMasterDb() {
    var vars = validVariables();
    vars.remove("MASTER_DB");
    vars.put("LAZAI_DATABASE_EMBEDDED_FILE", "target/db/lazai");

    var db = bind(vars, "lazai.database", DatabaseProperties.class);

    assertThat(db.primary()).isNull();
    assertThat(db.embeddedFile()).isEqualTo(Path.of("target/db/lazai").toAbsolutePath());
    assertThat(db.embeddedJdbcUrl())
        .startsWith("jdbc:h2:file:" + Path.of("target/db/lazai").toAbsolutePath() + ";")
        .contains(";MODE=MySQL;");
  }

  @Test
  void withoutEitherTheProductionMessageStands() {
    var vars = validVariables();
    vars.remove("MASTER_DB");

    assertThat(refusal(vars)).startsWith("MASTER_DB (lazai.database.primary) is required");
  }

  @Test
  void bothAtOnceAreRefused() {
    var vars = validVariables();
    vars.put("LAZAI_DATABASE_EMBEDDED_FILE", "target/db/lazai");

    assertThat(refusal(vars))
        .startsWith(
            "lazai.database.embedded-file and MASTER_DB (lazai.database.primary) are both set");
  }

  @Test
  void replicasAndAnH2SuffixAreRefused() {
    var vars = validVariables();
    vars.remove("MASTER_DB");
    vars.put("LAZAI_DATABASE_EMBEDDED_FILE", "target/db/lazai");
    vars.put("SLAVES_DB", "[{\"host\":\"r\",\"username\":\"u\",\"database\":\"d\"}]");
    assertThat(refusal(vars)).contains("takes no replicas");

    vars.remove("SLAVES_DB");
    vars.put("LAZAI_DATABASE_EMBEDDED_FILE", "target/db/lazai.mv.db");
    assertThat(refusal(vars)).contains("without H2's '.mv.db' suffix");
  }

  @Test
  void memoryQueuesTurnRedisHealthOffUnlessToldOtherwise() {
    assertThat(redisHealth(Map.of("lazai.queue.provider", "memory"))).isEqualTo("false");
    assertThat(redisHealth(Map.of("lazai.queue.provider", "bullmq"))).isNull();
    assertThat(redisHealth(Map.of())).isNull();
    assertThat(
            redisHealth(
                Map.of(
                    "lazai.queue.provider", "memory", "management.health.redis.enabled", "true")))
        .isEqualTo("true");
  }

  private static String refusal(Map<String, Object> vars) {
    Throwable failure =
        catchThrowable(() -> bind(vars, "lazai.database", DatabaseProperties.class));
    assertThat(failure).as("refused").isNotNull();
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(ConfigurationException.class);
    return cause.getMessage();
  }

  private static String redisHealth(Map<String, Object> properties) {
    var env = new StandardEnvironment();
    env.getPropertySources().addFirst(new MapPropertySource("test", properties));
    new RedisHealthDefault().postProcessEnvironment(env, null);
    return env.getProperty("management.health.redis.enabled");
  }
}
