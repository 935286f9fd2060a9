package social.gm2.lazai.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a script of the pinned Node peers in {@code interop/} (alith, node-rsa, …) as an oracle for
 * cross-language tests. Secrets go through the environment or standard input, never arguments.
 */
public final class NodePeer {
  public static final Path DIR = Path.of("interop").toAbsolutePath();

  private NodePeer() {}

  /** What a finished script left behind. */
  public record Result(int exitCode, String stdout, String stderr) {
    public Result orThrow() {
      if (exitCode != 0) {
        throw new AssertionError("node exited with " + exitCode + ": " + stderr.strip());
      }
      return this;
    }
  }

  public static Result run(String script, Map<String, String> env, String stdin, String... args)
      throws IOException, InterruptedException {
    if (!Files.isDirectory(DIR.resolve("node_modules"))) {
      throw new IllegalStateException(
          "the Node peers are not installed: run `npm ci` in " + DIR + " (.ci/run does)");
    }
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    try (var in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    var stdout = process.getInputStream().readAllBytes();
    var stderr = process.getErrorStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("node " + script + " did not finish within 5 minutes");
    }
    return new Result(
        process.exitValue(),
        new String(stdout, StandardCharsets.UTF_8),
        new String(stderr, StandardCharsets.UTF_8));
  }
}
