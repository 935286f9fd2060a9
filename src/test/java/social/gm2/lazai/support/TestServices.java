package social.gm2.lazai.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real MariaDB and Redis that integration tests use, found through environment variables with
 * loopback defaults ({@code TEST_MARIADB_HOST}, {@code TEST_MARIADB_PORT}, {@code
 * TEST_MARIADB_USER}, {@code TEST_MARIADB_PASSWORD}, {@code TEST_REDIS_HOST}, {@code
 * TEST_REDIS_PORT}). Each test class gets a database of its own, so runs never see each other's
 * rows.
 */
public final class TestServices {
  /** Hardhat's first development account: a published key that holds nothing of value. */
  public static final String DEV_PRIVATE_KEY =
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  private TestServices() {}

  public static String mariadbHost() {
    return env("TEST_MARIADB_HOST", "127.0.0.1");
  }

  public static int mariadbPort() {
    return Integer.parseInt(env("TEST_MARIADB_PORT", "3306"));
  }

  public static String mariadbUser() {
    return env("TEST_MARIADB_USER", "root");
  }

  public static String mariadbPassword() {
    return env("TEST_MARIADB_PASSWORD", "");
  }

  public static String redisHost() {
    return env("TEST_REDIS_HOST", "127.0.0.1");
  }

  public static int redisPort() {
    return Integer.parseInt(env("TEST_REDIS_PORT", "6379"));
  }

  /** A new, empty database on the test MariaDB; its name. */
  public static String createDatabase() {
    String name = "lazai_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE DATABASE `" + name + "`");
    return name;
  }

  public static void dropDatabase(String name) {
    execute("DROP DATABASE IF EXISTS `" + name + "`");
    deleteQueueKeys(queuePrefix(name));
  }

  /**
   * The BullMQ key prefix of the service a test starts on {@code database}: its own, so that its
   * workers never take another run's jobs from the shared Redis.
   */
  public static String queuePrefix(String database) {
    return "lazai-it-" + database;
  }

  /** Deletes every Redis key under {@code prefix}. */
  public static void deleteQueueKeys(String prefix) {
    var client =
        io.lettuce.core.RedisClient.create(
            io.lettuce.core.RedisURI.create(redisHost(), redisPort()));
    try (var connection = client.connect()) {
      var cursor = io.lettuce.core.ScanCursor.INITIAL;
      do {
        var page =
            connection
                .sync()
                .scan(cursor, io.lettuce.core.ScanArgs.Builder.matches(prefix + ":*").limit(1000));
        if (!page.getKeys().isEmpty()) {
          connection.sync().del(page.getKeys().toArray(String[]::new));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } catch (RuntimeException e) {
      // Redis may be deliberately unreachable in the test that created the database.
    } finally {
      client.shutdown();
    }
  }

  public static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mariadb://" + mariadbHost() + ":" + mariadbPort() + "/" + database,
        mariadbUser(),
        mariadbPassword());
  }

  /** The original service's variables pointing at the test servers and {@code database}. */
  public static Map<String, String> originalVariables(String database) {
    return originalVariables(database, "http://127.0.0.1:8545");
  }

  /** The same, with the chain's JSON-RPC endpoint at {@code rpcUrl}. */
  public static Map<String, String> originalVariables(String database, String rpcUrl) {
    return Map.of(
        "LAZAI_QUEUE_PREFIX",
        queuePrefix(database),
        "MASTER_DB",
        "{\"host\":\"%s\",\"port\":%d,\"username\":\"%s\",\"password\":\"%s\",\"database\":\"%s\"}"
            .formatted(mariadbHost(), mariadbPort(), mariadbUser(), mariadbPassword(), database),
        "REDIS",
        "{\"host\":\"%s\",\"port\":%d,\"db\":0}".formatted(redisHost(), redisPort()),
        "LAZAI_CONFIG",
        ("{\"privateKey\":\"%s\",\"rpc\":\"%s\","
                + "\"contractAddress\":\"0x815da22D880E3560bCEcc85b6e4938b30c8202C4\","
                + "\"encryptionSeed\":\"Sign to retrieve your encryption key\"}")
            .formatted(DEV_PRIVATE_KEY, rpcUrl));
  }

  /**
   * The service's settings for the test servers, with {@code database} as the primary and a queue
   * prefix of its own: for a service a benchmark starts with {@code SpringApplicationBuilder}.
   */
  public static Map<String, Object> serviceProperties(String database) {
    Map<String, Object> p = new java.util.LinkedHashMap<>();
    p.put("lazai.database.primary.host", mariadbHost());
    p.put("lazai.database.primary.port", mariadbPort());
    p.put("lazai.database.primary.username", mariadbUser());
    p.put("lazai.database.primary.password", mariadbPassword());
    p.put("lazai.database.primary.database", database);
    p.put("lazai.redis.host", redisHost());
    p.put("lazai.redis.port", redisPort());
    p.put("lazai.queue.prefix", queuePrefix(database));
    return p;
  }

  /** Points a Spring test context at the test servers, with {@code database} as the primary. */
  public static void register(DynamicPropertyRegistry registry, String database) {
    serviceProperties(database).forEach((name, value) -> registry.add(name, () -> value));
    registry.add("lazai.chain.private-key", () -> DEV_PRIVATE_KEY);
    registry.add("lazai.chain.rpc-url", () -> "http://127.0.0.1:8545");
    registry.add(
        "lazai.chain.verified-computing-address",
        () -> "0x815da22D880E3560bCEcc85b6e4938b30c8202C4");
    registry.add("lazai.mint.encryption-seed", () -> "Sign to retrieve your encryption key");
  }

  /**
   * A pool on {@code database} of the test MariaDB with every migration applied, for tests that
   * need the schema but not the whole service.
   */
  public static com.zaxxer.hikari.HikariDataSource migratedDataSource(String database) {
    var dataSource = new com.zaxxer.hikari.HikariDataSource();
    dataSource.setJdbcUrl("jdbc:mariadb://" + mariadbHost() + ":" + mariadbPort() + "/" + database);
    dataSource.setUsername(mariadbUser());
    dataSource.setPassword(mariadbPassword());
    dataSource.setMaximumPoolSize(12);
    org.flywaydb.core.Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    return dataSource;
  }

  private static void execute(String sql) {
    try (Connection c = connect("");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot reach the test MariaDB at " + mariadbHost() + ":" + mariadbPort() + ": " + e, e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
