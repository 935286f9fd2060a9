package social.gm2.lazai.devnet;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import social.gm2.lazai.LazaiApplication;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.mint.MintService;

/**
 * The devnet quickstart's Java half ({@code devnet/scripts/quickstart.sh} starts Hardhat and
 * deploys the contracts first): starts the {@link SimulatedNode} from its {@code NODE_*} variables,
 * then the service with the {@code embedded} profile (H2, in-memory queues, local IPFS store),
 * submits a sample mint through {@link MintService}, prints each state it reaches until ATTESTED,
 * then (with {@code QUICKSTART_INFERENCE}, {@link QuickstartInference}) asks the simulated
 * inference node about the sample's data through the chat API and prints the answer, and leaves the
 * service running. Exits 1 if the mint fails or is not attested within {@code
 * QUICKSTART_TIMEOUT_SECONDS} (default 300), 2 on a configuration problem.
 */
public final class Quickstart {
  private static final PrintStream OUT = System.out;
  private static final String TIMEOUT = "QUICKSTART_TIMEOUT_SECONDS";

  private Quickstart() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    Duration timeout = timeout(env);
    SimulatedNode node = startNode(env);
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "quickstart-node-stop"));
    OUT.println("quickstart: simulated node " + node.address() + " at " + node.url());
    QuickstartInference inference = startInference(env);
    ConfigurableApplicationContext context = startService(args);
    String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    OUT.println("quickstart: service up at " + base);
    String token = submitSample(context.getBean(MintService.class));
    String end =
        new MintProgress(context.getBean(JdbcTemplate.class), OUT)
            .follow(token, "ATTESTED", timeout);
    if (!end.equals("ATTESTED")) {
      OUT.println("quickstart: FAILED: the sample mint ended " + (end.isEmpty() ? "nowhere" : end));
      System.exit(1);
    }
    if (inference != null) {
      askAboutTheSample(inference, context, base, token);
    }
    printUrls(base);
  }

  private static QuickstartInference startInference(Map<String, String> env) {
    try {
      QuickstartInference inference = QuickstartInference.start(env, OUT);
      if (inference != null) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(inference::close, "quickstart-inference-stop"));
      }
      return inference;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      System.err.println(
          "quickstart: the simulated inference node cannot start: " + e.getMessage());
      System.exit(1);
      throw new IllegalStateException("unreachable");
    }
  }

  private static void askAboutTheSample(
      QuickstartInference inference,
      ConfigurableApplicationContext context,
      String base,
      String token) {
    String key = context.getEnvironment().getProperty("lazai.api.keys", "").split(",")[0].strip();
    try {
      if (!inference.ask(base, key, token)) {
        System.exit(1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      OUT.println("quickstart: FAILED: the chat completion could not be asked: " + e.getMessage());
      System.exit(1);
    }
  }

  private static Duration timeout(Map<String, String> env) {
    String text = env.getOrDefault(TIMEOUT, "300");
    try {
      long seconds = Long.parseLong(text.strip());
      if (seconds > 0) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    System.err.println("quickstart: " + TIMEOUT + " must be a positive number of seconds");
    System.exit(2);
    throw new IllegalStateException("unreachable");
  }

  private static SimulatedNode startNode(Map<String, String> env) {
    try {
      return SimulatedNode.start(SimulatedNodeSettings.fromEnvironment(env));
    } catch (ConfigurationException e) {
      System.err.println("quickstart: simulated node configuration: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println("quickstart: the simulated node cannot start: " + e.getMessage());
      System.exit(1);
    }
    throw new IllegalStateException("unreachable");
  }

  private static ConfigurableApplicationContext startService(String[] args) {
    SpringApplication app = new SpringApplication(LazaiApplication.class);
    app.setAdditionalProfiles("embedded");
    try {
      return app.run(args);
    } catch (RuntimeException e) {
      // Spring has printed why; the node's server thread must not keep the process alive.
      System.err.println("quickstart: the service did not start");
      System.exit(1);
      throw e;
    }
  }

  /** Submits a sample mint for a fresh random token; the service's runner runs its steps. */
  private static String submitSample(MintService mints) {
    byte[] address = new byte[20];
    new SecureRandom().nextBytes(address);
    String token = "0x" + HexFormat.of().formatHex(address);
    byte[] data =
        "{\"prompt\":\"quickstart sample\",\"answer\":\"private AI data\"}"
            .getBytes(StandardCharsets.UTF_8);
    mints.submit(token, "quickstart-sample.json", data);
    OUT.println("quickstart: submitted a sample mint for token " + token);
    return token;
  }

  private static void printUrls(String base) {
    OUT.println("quickstart: the sample mint is ATTESTED; the service keeps running:");
    OUT.println("quickstart:   service    " + base);
    OUT.println("quickstart:   dashboard  " + base + "/dashboard");
    OUT.println("quickstart:   swagger    " + base + "/swagger-ui.html");
    OUT.println("quickstart:   health     " + base + "/actuator/health");
    OUT.println("quickstart: Ctrl-C stops the service, the simulated node and Hardhat");
  }
}
