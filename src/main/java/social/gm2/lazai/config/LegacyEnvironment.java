package social.gm2.lazai.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts the original Node service's configuration verbatim: its {@code .env} file and its
 * variables {@code MASTER_DB}, {@code SLAVES_DB}, {@code REDIS}, {@code LAZAI_CONFIG} (JSON),
 * {@code IPFS_JWT}, {@code APP_ENV} and {@code PORT}. Each is translated into the typed {@code
 * lazai.*} properties, remembering which variable a value came from so that errors can name it.
 * Malformed JSON stops startup with a message that gives the variable and the position, never the
 * text (which may hold a password or key).
 */
public class LegacyEnvironment implements EnvironmentPostProcessor, Ordered {
  /** The property source holding the translated values. */
  public static final String SOURCE = "legacyEnvironment";

  /** The property source holding the {@code .env} file, below real environment variables. */
  public static final String DOTENV_SOURCE = "dotenv";

  private static final Map<String, String> DB_FIELDS =
      fields(
          "host", "host",
          "port", "port",
          "username", "username",
          "user", "username",
          "password", "password",
          "database", "database");
  private static final Map<String, String> REDIS_FIELDS =
      fields(
          "host", "host",
          "port", "port",
          "username", "username",
          "password", "password",
          "db", "database");
  private static final Map<String, String> LAZAI_FIELDS =
      fields(
          "privateKey", "lazai.chain.private-key",
          "rpc", "lazai.chain.rpc-url",
          "contractAddress", "lazai.chain.verified-computing-address",
          "encryptionSeed", "lazai.mint.encryption-seed");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Log log;

  public LegacyEnvironment(DeferredLogFactory logFactory) {
    this.log = logFactory.getLog(LegacyEnvironment.class);
  }

  @Override
  public int getOrder() {
    // After config data, so that application.yml may also carry the legacy variables.
    return ConfigDataEnvironmentPostProcessor.ORDER + 1;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    MutablePropertySources sources = env.getPropertySources();
    Path dotenv = Path.of(env.getProperty("DOTENV_CONFIG_PATH", ".env"));
    Map<String, Object> fileVariables = new LinkedHashMap<>(DotEnv.read(dotenv));
    if (!fileVariables.isEmpty()) {
      sources.addLast(new SystemEnvironmentPropertySource(DOTENV_SOURCE, fileVariables));
      log.info("Read " + fileVariables.size() + " variables from " + dotenv.toAbsolutePath());
    }
    Map<String, Object> translated = translate(env);
    if (translated.isEmpty()) {
      return;
    }
    var source = new OriginTrackedMapPropertySource(SOURCE, translated);
    if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
      sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
    } else {
      sources.addFirst(source);
    }
  }

  /** The {@code lazai.*} (and {@code server.port}) properties that the legacy variables mean. */
  Map<String, Object> translate(ConfigurableEnvironment env) {
    Map<String, Object> out = new LinkedHashMap<>();
    ifSet(
        env,
        "MASTER_DB",
        v ->
            flatten(
                "MASTER_DB", object("MASTER_DB", v), DB_FIELDS, "lazai.database.primary.", out));
    ifSet(env, "SLAVES_DB", v -> replicas(v, out));
    ifSet(
        env, "REDIS", v -> flatten("REDIS", object("REDIS", v), REDIS_FIELDS, "lazai.redis.", out));
    ifSet(
        env,
        "LAZAI_CONFIG",
        v -> flatten("LAZAI_CONFIG", object("LAZAI_CONFIG", v), LAZAI_FIELDS, "", out));
    ifSet(env, "IPFS_JWT", v -> put(out, "lazai.storage.pinata.jwt", v, "IPFS_JWT"));
    ifSet(env, "PORT", v -> put(out, "server.port", String.valueOf(port(v)), "PORT"));
    ifSet(env, "APP_ENV", v -> appEnv(env, v, out));
    return out;
  }

  private void replicas(String text, Map<String, Object> out) {
    JsonNode replicas = parse("SLAVES_DB", text);
    List<JsonNode> list = replicas.isArray() ? replicas.valueStream().toList() : List.of(replicas);
    for (int i = 0; i < list.size(); i++) {
      String name = "SLAVES_DB[" + i + "]";
      JsonNode replica = list.get(i);
      if (!replica.isObject()) {
        throw new ConfigurationException(
            name + " must be a JSON object with " + String.join(", ", DB_FIELDS.keySet()));
      }
      flatten(name, replica, DB_FIELDS, "lazai.database.replicas[" + i + "].", out);
    }
  }

  private static void appEnv(ConfigurableEnvironment env, String text, Map<String, Object> out) {
    String normalized = appEnv(text);
    put(out, "lazai.app-env", normalized, "APP_ENV");
    if (normalized.equals("production")
        && env.getProperty("logging.structured.format.console") == null) {
      // Production logs are read by machines: one JSON object per line unless told otherwise.
      put(out, "logging.structured.format.console", "ecs", "APP_ENV");
    }
  }

  private static void ifSet(ConfigurableEnvironment env, String name, Consumer<String> use) {
    String value = env.getProperty(name);
    if (value != null && !value.isBlank()) {
      use.accept(value.strip());
    }
  }

  private static JsonNode parse(String name, String text) {
    try {
      return JSON.readTree(text);
    } catch (JacksonException e) {
      var at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ConfigurationException(
          name + " is not valid JSON" + where + " (the value is not shown: it may hold a secret)");
    }
  }

  private static JsonNode object(String name, String text) {
    JsonNode node = parse(name, text);
    if (!node.isObject()) {
      throw new ConfigurationException(name + " must be a JSON object, not a " + kind(node));
    }
    return node;
  }

  private void flatten(
      String name,
      JsonNode json,
      Map<String, String> fields,
      String prefix,
      Map<String, Object> out) {
    for (var entry : json.properties()) {
      String field = entry.getKey();
      JsonNode value = entry.getValue();
      String property = fields.get(field);
      if (property == null) {
        log.warn(name + " has a field '" + field + "' that this service does not use; ignored");
      } else if (value.isArray() || value.isObject()) {
        throw new ConfigurationException(
            name + "." + field + " must be a string or a number, not a " + kind(value));
      } else if (!value.isNull()) {
        put(out, prefix + property, value.asString(), name + "." + field);
      }
    }
  }

  private static void put(Map<String, Object> out, String property, String value, String from) {
    if (value != null) {
      out.put(property, OriginTrackedValue.of(value, new VariableOrigin(from)));
    }
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(
        "PORT must be a TCP port number between 0 and 65535, got '" + text + "'");
  }

  private static String appEnv(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "development", "dev", "local" -> "development";
      case "test", "testing" -> "test";
      case "staging", "stage" -> "staging";
      case "production", "prod" -> "production";
      default ->
          throw new ConfigurationException(
              "APP_ENV must be one of development, test, staging, production, got '" + text + "'");
    };
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** JSON field → property name, in the order they are documented. */
  private static Map<String, String> fields(String... pairs) {
    Map<String, String> table = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      table.put(pairs[i], pairs[i + 1]);
    }
    return table;
  }

  /** Where a translated value came from, shown by Spring's own binding errors. */
  private record VariableOrigin(String variable) implements Origin {
    @Override
    public String toString() {
      return "variable " + variable;
    }
  }
}
