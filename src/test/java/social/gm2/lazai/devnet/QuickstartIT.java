package social.gm2.lazai.devnet;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.gm2.lazai.support.Await;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's run command, {@code devnet/scripts/quickstart.sh}, as a user runs it (on ports of
 * its own, with the jar this build packaged): it must print every state of the sample mint in order
 * up to ATTESTED and the URLs, answer UP on health without MariaDB or Redis, and on Ctrl-C (SIGINT)
 * stop every process it started, Hardhat's process group included.
 */
class QuickstartIT {
  private static final Path JAR = Path.of("target", "lazai-dat-processor.jar").toAbsolutePath();
  private static final String WALLET_KEY_HEX =
      "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
  private static final List<String> STATES =
      List.of(
          "ACCEPTED",
          "ENCRYPTED",
          "UPLOADED",
          "REGISTERED",
          "PROOF_REQUESTED",
          "PROOF_SUBMITTED",
          "REWARDED",
          "ATTESTED");

  @TempDir Path dir;
  private Process script;

  @AfterEach
  void stopLeftovers() {
    if (script != null && script.isAlive()) {
      signal("-INT", script.pid());
      script.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      script.destroyForcibly();
    }
  }

  @Test
  void runsTheSampleMintToAttestedAndCtrlCStopsEverything() throws Exception {
    int port = freePort();
    int rpcPort = freePort();
    script = start(port, rpcPort, freePort());
    String output =
        Await.until(
            Duration.ofSeconds(150),
            this::output,
            text -> text.contains("quickstart: Ctrl-C stops") || !script.isAlive());
    assertThat(script.isAlive()).as("still running after the sample mint: %s", output).isTrue();

    assertThat(matches(output, "quickstart: mint (\\w+)")).isEqualTo(STATES);
    assertThat(output)
        .containsPattern("mint REGISTERED file_id=\\d+ register_tx_hash=0x[0-9a-f]{64}")
        .containsPattern("mint PROOF_REQUESTED job_id=\\d+ .*proof_tx_hash=0x[0-9a-f]{64}")
        .containsPattern("mint REWARDED reward_tx_hash=0x[0-9a-f]{64}")
        .containsPattern(
            "mint ATTESTED attestator=0x[0-9a-f]{40} attestation_tx_hash=0x[0-9a-f]{64}");
    // The chat API answered from the sample's private data, and its fee was settled and recorded.
    assertThat(output)
        .contains("quickstart: simulated inference node 0x")
        .containsPattern(
            "quickstart: the inference node answered: Based on the attached data: .*private AI data")
        .containsPattern(
            "usage so far: \\{\"inferenceRequests\":1,\"inferenceFeesWei\":\"[1-9]\\d*\"");
    String base = "http://127.0.0.1:" + port;
    for (String path : List.of("", "/dashboard", "/swagger-ui.html", "/actuator/health")) {
      assertThat(output).contains(" " + base + path + "\n");
    }
    JsonNode health = health(base);
    assertThat(health.at("/status").asString()).as("health: %s", health).isEqualTo("UP");
    assertThat(health.at("/components/redis").isMissingNode()).as("no Redis component").isTrue();
    assertThat(health.at("/components/db/components/primary/status").asString()).isEqualTo("UP");

    long hardhatGroup = Long.parseLong(matches(output, "process group (\\d+)").get(0));
    long service = Long.parseLong(matches(output, "simulated node: pid (\\d+)").get(0));
    List<ProcessHandle> started = script.toHandle().descendants().toList();
    assertThat(started).extracting(ProcessHandle::pid).contains(service);
    assertThat(alive(hardhatGroup)).as("hardhat's process group before Ctrl-C").isTrue();

    signal("-INT", script.pid());
    // The script allows the service 40 s to stop gracefully before SIGKILL, then stops Hardhat's
    // group (10 s at most); the rest is headroom for a loaded CI machine.
    assertThat(script.waitFor(120, TimeUnit.SECONDS))
        .as("stopped after Ctrl-C: %s", tail(output()))
        .isTrue();
    assertThat(script.exitValue()).isEqualTo(130);
    Await.until(
        Duration.ofSeconds(10),
        () -> started.stream().filter(ProcessHandle::isAlive).toList(),
        List::isEmpty);
    assertThat(alive(hardhatGroup)).as("hardhat's process group after Ctrl-C").isFalse();
    assertThat(output()).contains("quickstart: stopped").doesNotContain(WALLET_KEY_HEX);
  }

  private Process start(int port, int rpcPort, int nodePort) throws IOException {
    ProcessBuilder builder =
        // As from a terminal, where Ctrl-C reaches the script: a build started in the background
        // of a non-interactive shell passes SIGINT down as ignored, and bash cannot trap a signal
        // ignored on entry. Perl (always on Debian) restores its default before it runs the script.
        new ProcessBuilder(
                "perl",
                "-e",
                "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"",
                "bash",
                "devnet/scripts/quickstart.sh")
            .redirectErrorStream(true)
            .redirectOutput(log().toFile());
    Map<String, String> env = builder.environment();
    List.of("MASTER_DB", "SLAVES_DB", "REDIS", "LAZAI_CONFIG", "IPFS_JWT", "APP_ENV", "PORT")
        .forEach(env::remove);
    env.put("QUICKSTART_PORT", String.valueOf(port));
    env.put("QUICKSTART_RPC_PORT", String.valueOf(rpcPort));
    env.put("QUICKSTART_NODE_PORT", String.valueOf(nodePort));
    env.put("QUICKSTART_DIR", dir.resolve("state").toString());
    env.put("QUICKSTART_JAR", JAR.toString());
    env.put("QUICKSTART_TIMEOUT_SECONDS", "120");
    return builder.start();
  }

  private String output() throws IOException {
    return Files.readString(log(), StandardCharsets.UTF_8);
  }

  private Path log() {
    return dir.resolve("quickstart.out");
  }

  private static String tail(String text) {
    return text.substring(Math.max(0, text.length() - 3000));
  }

  private static List<String> matches(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    List<String> found = new java.util.ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** Whether any process of the group is alive ({@code kill -0 -- -pgid}). */
  private static boolean alive(long group) throws Exception {
    return new ProcessBuilder("kill", "-0", "--", "-" + group).start().waitFor() == 0;
  }

  private static void signal(String signal, long pid) {
    try {
      new ProcessBuilder("kill", signal, String.valueOf(pid)).start().waitFor();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("kill " + signal + " " + pid, e);
    }
  }

  private static JsonNode health(String base) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
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
