package social.gm2.lazai.config;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The original service's variables, as a test environment, and binding without a context. */
public final class ConfigFixtures {
  public static final String DB_PASSWORD = "db-Pa55-hunter2";
  public static final String PRIVATE_KEY =
      "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
  public static final String REDIS_PASSWORD = "redis-S3cret-pw";
  public static final String JWT =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsYXphaSJ9.c2lnbmF0dXJlLXNlY3JldC12YWx1ZQ";

  private ConfigFixtures() {}

  /** A complete, valid configuration as the original service's .env would give it. */
  public static Map<String, Object> validVariables() {
    Map<String, Object> vars = new HashMap<>();
    vars.put(
        "MASTER_DB",
        "{\"host\":\"127.0.0.1\",\"port\":3306,\"username\":\"root\",\"password\":\""
            + DB_PASSWORD
            + "\",\"database\":\"test\"}");
    vars.put(
        "REDIS", "{\"host\":\"127.0.0.1\",\"port\":6379,\"password\":\"" + REDIS_PASSWORD + "\"}");
    vars.put(
        "LAZAI_CONFIG",
        "{\"privateKey\":\""
            + PRIVATE_KEY
            + "\",\"rpc\":\"https://testnet.lazai.network\","
            + "\"contractAddress\":\"0x87E43F24Efc2284fd2BBF11CC80d6fcF3E0AD474\","
            + "\"encryptionSeed\":\"Sign to retrieve your encryption key\"}");
    vars.put("IPFS_JWT", JWT);
    vars.put("APP_ENV", "development");
    vars.put("PORT", "3003");
    return vars;
  }

  /** An environment whose process variables are {@code variables}, after our post-processing. */
  public static StandardEnvironment environment(Map<String, Object> variables) {
    Map<String, Object> process = new HashMap<>(variables);
    // A developer's own .env in the working directory must not leak into tests.
    process.putIfAbsent("DOTENV_CONFIG_PATH", "target/no-such-dir/.env");
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources()
        .replace(
            StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, process));
    new LegacyEnvironment(new DeferredLogs()).postProcessEnvironment(env, new SpringApplication());
    return env;
  }

  /** Binds a properties record the way Spring does at startup. */
  public static <T> T bind(Map<String, Object> variables, String prefix, Class<T> type) {
    return Binder.get(environment(variables)).bindOrCreate(prefix, Bindable.of(type));
  }
}
