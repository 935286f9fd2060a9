package social.gm2.lazai.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static social.gm2.lazai.config.ConfigFixtures.DB_PASSWORD;
import static social.gm2.lazai.config.ConfigFixtures.environment;
import static social.gm2.lazai.config.ConfigFixtures.validVariables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginLookup;

class LegacyEnvironmentTest {

  @Test
  void translatesEveryOriginalVariable() {
    var vars = validVariables();
    vars.put(
        "SLAVES_DB",
        "[{\"host\":\"r1\",\"port\":\"3307\",\"user\":\"ro\",\"password\":\"x\",\"database\":\"test\"},"
            + "{\"host\":\"r2\",\"username\":\"ro\",\"database\":\"test\"}]");

    var env = environment(vars);

    assertThat(env.getProperty("lazai.database.primary.host")).isEqualTo("127.0.0.1");
    assertThat(env.getProperty("lazai.database.primary.port")).isEqualTo("3306");
    assertThat(env.getProperty("lazai.database.primary.password")).isEqualTo(DB_PASSWORD);
    assertThat(env.getProperty("lazai.database.replicas[0].port")).isEqualTo("3307");
    assertThat(env.getProperty("lazai.database.replicas[0].username")).isEqualTo("ro");
    assertThat(env.getProperty("lazai.database.replicas[1].host")).isEqualTo("r2");
    assertThat(env.getProperty("lazai.redis.port")).isEqualTo("6379");
    assertThat(env.getProperty("lazai.chain.rpc-url")).isEqualTo("https://testnet.lazai.network");
    assertThat(env.getProperty("lazai.chain.verified-computing-address"))
        .isEqualTo("0x87E43F24Efc2284fd2BBF11CC80d6fcF3E0AD474");
    assertThat(env.getProperty("lazai.mint.encryption-seed"))
        .isEqualTo("Sign to retrieve your encryption key");
    assertThat(env.getProperty("lazai.storage.pinata.jwt")).isEqualTo(ConfigFixtures.JWT);
    assertThat(env.getProperty("server.port")).isEqualTo("3003");
    assertThat(env.getProperty("lazai.app-env")).isEqualTo("development");
  }

  @Test
  void remembersWhichVariableAValueCameFrom() {
    var source =
        (OriginTrackedMapPropertySource)
            environment(validVariables()).getPropertySources().get(LegacyEnvironment.SOURCE);

    assertThat(((OriginLookup<String>) source).getOrigin("lazai.chain.private-key"))
        .hasToString("variable LAZAI_CONFIG.privateKey");
  }

  @Test
  void aSingleReplicaObjectIsAcceptedAsAListOfOne() {
    var vars = validVariables();
    vars.put("SLAVES_DB", "{\"host\":\"r1\",\"username\":\"ro\",\"database\":\"test\"}");

    assertThat(environment(vars).getProperty("lazai.database.replicas[0].host")).isEqualTo("r1");
  }

  @Test
  void malformedJsonNamesTheVariableAndThePositionButNotTheText() {
    var vars = validVariables();
    vars.put("MASTER_DB", "{\"host\":\"db\",\"password\":\"" + DB_PASSWORD + "\" \"database\":1}");

    assertThatThrownBy(() -> environment(vars))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("MASTER_DB is not valid JSON at line 1, column ")
        .message()
        .doesNotContain(DB_PASSWORD)
        .doesNotContain("host");
  }

  @Test
  void jsonOfTheWrongShapeIsRefused() {
    var vars = validVariables();
    vars.put("REDIS", "[\"127.0.0.1\"]");
    assertThatThrownBy(() -> environment(vars))
        .hasMessage("REDIS must be a JSON object, not a array");

    vars.put("REDIS", "{\"host\":{\"name\":\"x\"}}");
    assertThatThrownBy(() -> environment(vars))
        .hasMessage("REDIS.host must be a string or a number, not a object");

    vars.put("REDIS", "{\"host\":\"r\"}");
    vars.put("SLAVES_DB", "[{\"host\":\"r1\"}, 5]");
    assertThatThrownBy(() -> environment(vars))
        .hasMessageStartingWith("SLAVES_DB[1] must be a JSON object with host, port");
  }

  @ParameterizedTest
  @CsvSource({"abc", "70000", "-1", "3003.5"})
  void portMustBeAPortNumber(String port) {
    var vars = validVariables();
    vars.put("PORT", port);

    assertThatThrownBy(() -> environment(vars))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("PORT must be a TCP port number between 0 and 65535, got '" + port + "'");
  }

  @Test
  void appEnvTakesTheUsualNamesAndProductionMeansJsonLogs() {
    var vars = validVariables();
    vars.put("APP_ENV", "prod");
    var env = environment(vars);
    assertThat(env.getProperty("lazai.app-env")).isEqualTo("production");
    assertThat(env.getProperty("logging.structured.format.console")).isEqualTo("ecs");

    vars.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "logstash");
    assertThat(environment(vars).getProperty("logging.structured.format.console"))
        .isEqualTo("logstash");

    vars.put("APP_ENV", "dev");
    assertThat(environment(vars).getProperty("logging.structured.format.console"))
        .isEqualTo("logstash");

    vars.put("APP_ENV", "qa");
    assertThatThrownBy(() -> environment(vars))
        .hasMessage("APP_ENV must be one of development, test, staging, production, got 'qa'");
  }

  @Test
  void readsTheDotEnvFileBelowRealVariables(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(".env");
    Files.writeString(
        file,
        "PORT=4000\nAPP_ENV=staging\nREDIS='{\"host\":\"from-file\",\"db\":2}'\n"
            + "LAZAI_CHAIN_CHAIN_ID=42\n");
    var vars = validVariables();
    vars.remove("REDIS");
    vars.remove("APP_ENV");
    vars.put("DOTENV_CONFIG_PATH", file.toString());

    var env = environment(vars);

    assertThat(env.getProperty("server.port")).as("the real variable wins").isEqualTo("3003");
    assertThat(env.getProperty("lazai.app-env")).isEqualTo("staging");
    assertThat(env.getProperty("lazai.redis.host")).isEqualTo("from-file");
    assertThat(env.getProperty("lazai.redis.database")).isEqualTo("2");
    assertThat(env.getProperty("lazai.chain.chain-id"))
        .as("relaxed names work in the file as in the environment")
        .isEqualTo("42");
  }

  @Test
  void nothingSetMeansNothingTranslated() {
    var env = environment(Map.of());

    assertThat(env.getPropertySources().contains(LegacyEnvironment.SOURCE)).isFalse();
  }
}
