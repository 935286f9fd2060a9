package social.gm2.lazai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.gm2.lazai.config.ConfigFixtures;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged service started as operators start it — {@code java -jar} with the original
 * service's environment variables or {@code .env} file — refuses bad configuration with a message
 * that names the variable and hides the secret, and otherwise serves, logs JSON in production and
 * shuts down gracefully.
 */
class StartupIT {
  private static final Path JAR = Path.of("target", "lazai-dat-processor.jar").toAbsolutePath();
  private static final String DB_PASSWORD = "Hunter2-db-secret";
  private static final String DATABASE = TestServices.createDatabase();

  @TempDir Path dir;

  @AfterAll
  static void dropDatabase() {
    TestServices.dropDatabase(DATABASE);
  }

  @Test
  void malformedJsonStopsStartupNamingTheVariableButNotItsText() throws Exception {
    Map<String, String> env = new HashMap<>(TestServices.originalVariables(DATABASE));
    env.put("MASTER_DB", "{\"host\":\"db\",\"password\":\"" + DB_PASSWORD + "\" \"database\":1}");

    Run run = refusedStart(env);

    assertThat(run.output())
        .contains("APPLICATION FAILED TO START", "MASTER_DB is not valid JSON at line 1")
        .doesNotContain(DB_PASSWORD);
  }

  @Test
  void aBadPrivateKeyStopsStartupWithoutBeingPrinted() throws Exception {
    String almostKey = "0x" + "ab12".repeat(15) + "zzz";
    Map<String, String> env = new HashMap<>(TestServices.originalVariables(DATABASE));
    env.put(
        "LAZAI_CONFIG", env.get("LAZAI_CONFIG").replace(TestServices.DEV_PRIVATE_KEY, almostKey));

    Run run = refusedStart(env);

    assertThat(run.output())
        .contains("LAZAI_CONFIG.privateKey (lazai.chain.private-key) must be a private key")
        .doesNotContain(almostKey)
        .doesNotContain(almostKey.substring(2, 40));
  }

  @Test
  void thePlainKeyInProductionStopsStartupUnlessAllowed() throws Exception {
    Map<String, String> env = new HashMap<>(TestServices.originalVariables(DATABASE));
    env.put("APP_ENV", "production");
    env.put("IPFS_JWT", ConfigFixtures.JWT);

    assertThat(refusedStart(env).output())
        .contains(
            "lazai.signer.type is plain while APP_ENV (lazai.app-env) is production",
            "lazai.signer.allow-plain-key=true")
        .doesNotContain(TestServices.DEV_PRIVATE_KEY.substring(2));
  }

  @Test
  void productionWithoutIpfsJwtStopsStartupInsteadOfStoringFilesOnLoopback() throws Exception {
    Map<String, String> env = new HashMap<>(TestServices.originalVariables(DATABASE));
    env.put("APP_ENV", "production");
    env.put("LAZAI_SIGNER_ALLOW_PLAIN_KEY", "true");

    assertThat(refusedStart(env).output())
        .contains("IPFS_JWT (lazai.storage.pinata.jwt) is required with APP_ENV=production");
  }

  @Test
  void aMissingVariableStopsStartupByName() throws Exception {
    Map<String, String> env = new HashMap<>(TestServices.originalVariables(DATABASE));
    env.remove("REDIS");

    assertThat(refusedStart(env).output()).contains("REDIS.host (lazai.redis.host) is required");
  }

  @Test
  void runsFromTheOriginalDotEnvFileLogsJsonAndShutsDownGracefully() throws Exception {
    int port = freePort();
    StringBuilder dotenv = new StringBuilder();
    HardhatNode chain = HardhatNode.start();
    TestServices.originalVariables(DATABASE, chain.url())
        .forEach((k, v) -> dotenv.append(k).append("='").append(v).append("'\n"));
    dotenv.append("APP_ENV=production\nPORT=").append(port).append('\n');
    // Production stores files on Pinata (never reached here: nothing is minted).
    dotenv.append("IPFS_JWT=").append(ConfigFixtures.JWT).append('\n');
    // The original's plain key in production, accepted only on purpose (lazai.signer).
    dotenv.append("LAZAI_SIGNER_ALLOW_PLAIN_KEY=true\n");
    Files.writeString(dir.resolve(".env"), dotenv);

    Process process = start(Map.of());
    try {
      JsonNode health =
          // Once started: until then (lifecycles still starting) liveness is BROKEN and readiness
          // OUT_OF_SERVICE by Boot's defaults.
          Await.until(
              Duration.ofSeconds(90),
              () -> health(port),
              h ->
                  h.has("status")
                      && !h.at("/components/readinessState/status")
                          .asString()
                          .equals("OUT_OF_SERVICE"));
      assertThat(health.at("/status").asString()).as(health.toString()).isEqualTo("UP");
      assertThat(health.at("/components/redis/status").asString()).isEqualTo("UP");
      assertThat(health.at("/components/chain/status").asString()).isEqualTo("UP");
    } finally {
      process.destroy(); // SIGTERM, as a container runtime stops the service
      chain.close();
    }
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
    String output = Files.readString(log(), StandardCharsets.UTF_8);
    List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
    JsonMapper json = JsonMapper.shared();
    for (String line : lines) {
      assertThat(json.readTree(line).at("/log/level").isMissingNode())
          .as("a JSON log event: %s", line)
          .isFalse();
    }
    assertThat(output)
        .contains("Started LazaiApplication", "Commencing graceful shutdown")
        .contains("Graceful shutdown complete")
        .doesNotContain(TestServices.DEV_PRIVATE_KEY.substring(2));
  }

  private record Run(int exitCode, String output) {}

  private Run refusedStart(Map<String, String> env) throws Exception {
    Process process = start(env);
    boolean exited = process.waitFor(90, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String output = Files.readString(log(), StandardCharsets.UTF_8);
    assertThat(exited).as("the service gave up instead of running: %s", output).isTrue();
    assertThat(process.exitValue()).as("exit code").isNotZero();
    return new Run(process.exitValue(), output);
  }

  private Process start(Map<String, String> variables) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", JAR.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log().toFile());
    Map<String, String> env = builder.environment();
    List.of("MASTER_DB", "SLAVES_DB", "REDIS", "LAZAI_CONFIG", "IPFS_JWT", "APP_ENV", "PORT")
        .forEach(env::remove);
    env.putAll(variables);
    if (!variables.isEmpty()) {
      env.put("PORT", "0"); // else the .env file in the working directory says
    }
    return builder.start();
  }

  private Path log() {
    return dir.resolve("service.log");
  }

  private static JsonNode health(int port) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return JsonMapper.shared().readTree(response.body());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
