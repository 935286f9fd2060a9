package social.gm2.lazai.support;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged service ({@code target/lazai-dat-processor.jar}, built by {@code mvn package}; the
 * failsafe integration tests run after that phase) as a separate OS process, as operators run it:
 * {@code java -jar} from a working directory of its own (so no {@code .env} file is read), with the
 * given Spring properties (passed in {@code SPRING_APPLICATION_JSON}, never on the command line)
 * and environment variables on top of this JVM's environment minus the service's own variables.
 *
 * <p>Each {@link #start} logs to a new file under {@code target/service-jar/}, then waits until
 * {@code GET /healthz} answers 200 (UP or DEGRADED). {@link #stop} sends SIGTERM, {@link #kill}
 * SIGKILL; both return the exit code. {@link #close} (and a shutdown hook, should the test JVM end
 * first) kills a process still running.
 *
 * <pre>{@code
 * try (ServiceJar service = ServiceJar.start("crash", devnet.properties(), Map.of())) {
 *   ...
 *   int code = service.kill();          // SIGKILL: 137
 *   service = service.restart();        // same settings, same port
 * }
 * }</pre>
 */
public final class ServiceJar implements AutoCloseable {
  public static final Path JAR = Path.of("target", "lazai-dat-processor.jar").toAbsolutePath();
  public static final Path LOGS = Path.of("target", "service-jar").toAbsolutePath();

  /**
   * Environment variables of the service (the original's and its own) that a developer's or CI's
   * environment must not leak into a test's service.
   */
  private static final List<String> SERVICE_VARIABLES =
      List.of(
          "MASTER_DB",
          "SLAVES_DB",
          "REDIS",
          "LAZAI_CONFIG",
          "IPFS_JWT",
          "APP_ENV",
          "PORT",
          "SPRING_APPLICATION_JSON",
          "SPRING_PROFILES_ACTIVE",
          "JAVA_TOOL_OPTIONS",
          "JDK_JAVA_OPTIONS");

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private static final AtomicInteger STARTS = new AtomicInteger();

  private final Settings settings;
  private final Process process;
  private final Path log;
  private final Thread reaper;

  /** What a service is started with; {@link #restart} reuses it unchanged. */
  public record Settings(
      String name,
      Map<String, Object> properties,
      Map<String, String> environment,
      List<String> javaOptions,
      Duration healthTimeout) {
    public Settings {
      if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("a service name is letters, digits, . _ -: " + name);
      }
      properties = new LinkedHashMap<>(properties);
      environment = Map.copyOf(environment);
      javaOptions = List.copyOf(javaOptions);
      if (healthTimeout.isNegative() || healthTimeout.isZero()) {
        throw new IllegalArgumentException("healthTimeout must be positive");
      }
      if (!properties.containsKey("server.port")) {
        properties.put("server.port", freePort());
      }
    }

    public int port() {
      return Integer.parseInt(String.valueOf(properties.get("server.port")));
    }
  }

  private ServiceJar(Settings settings, Process process, Path log) {
    this.settings = settings;
    this.process = process;
    this.log = log;
    this.reaper = new Thread(process::destroyForcibly, "service-jar-reaper-" + process.pid());
    Runtime.getRuntime().addShutdownHook(reaper);
  }

  /**
   * Starts the jar with {@code properties} (a free {@code server.port} when absent) and {@code
   * environment}, and waits up to 90 s for it to be healthy.
   */
  public static ServiceJar start(
      String name, Map<String, ?> properties, Map<String, String> environment) throws IOException {
    return start(
        new Settings(
            name,
            new LinkedHashMap<>(properties),
            environment,
            List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            Duration.ofSeconds(90)));
  }

  public static ServiceJar start(Settings settings) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          JAR + " is missing: run `mvn package` (failsafe's integration tests run after it)");
    }
    Files.createDirectories(LOGS);
    Path dir = Files.createDirectories(LOGS.resolve(settings.name() + "-dir"));
    Path log = LOGS.resolve(settings.name() + "-" + STARTS.incrementAndGet() + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(settings.javaOptions());
    command.addAll(List.of("-jar", JAR.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    SERVICE_VARIABLES.forEach(env::remove);
    env.keySet().removeIf(k -> k.startsWith("LAZAI_") || k.startsWith("SPRING_"));
    env.putAll(settings.environment());
    Map<String, String> flat = new LinkedHashMap<>();
    settings.properties().forEach((k, v) -> flat.put(k, String.valueOf(v)));
    env.put("SPRING_APPLICATION_JSON", JsonMapper.shared().writeValueAsString(flat));
    ServiceJar service = new ServiceJar(settings, builder.start(), log);
    try {
      service.awaitHealthy(settings.healthTimeout());
      return service;
    } catch (RuntimeException | Error e) {
      service.close();
      throw new IllegalStateException(
          "the service did not become healthy: " + service.logTail(60), e);
    }
  }

  /** Starts the same jar again with the same settings (and so the same port). */
  public ServiceJar restart() throws IOException {
    if (process.isAlive()) {
      throw new IllegalStateException("the service " + settings.name() + " is still running");
    }
    return start(settings);
  }

  /** Waits until {@code GET /healthz} answers 200, failing fast if the process ended. */
  public void awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the service exited with " + process.exitValue() + " before it was healthy");
      }
      try {
        HttpResponse<String> response =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url() + "/healthz"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the service", e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the service", e);
      }
    }
    throw new AssertionError("not healthy within " + timeout + "; last answer: " + last);
  }

  /** SIGTERM (a graceful shutdown); waits up to 90 s, then SIGKILL. Returns the exit code. */
  public int stop() {
    process.destroy();
    return awaitExit(Duration.ofSeconds(90));
  }

  /** SIGKILL; returns the exit code (137). */
  public int kill() {
    process.destroyForcibly();
    return awaitExit(Duration.ofSeconds(30));
  }

  private int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError(
            "the service " + settings.name() + " did not exit within " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while stopping the service", e);
    } finally {
      forgetReaper();
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return settings.port();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public Settings settings() {
    return settings;
  }

  public Path log() {
    return log;
  }

  /** The last {@code lines} lines of this run's log. */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    forgetReaper();
  }

  private void forgetReaper() {
    try {
      Runtime.getRuntime().removeShutdownHook(reaper);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // the JVM is shutting down (the hook runs) or it was removed already
    }
  }

  /** A loopback port nobody listens on now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }
}
