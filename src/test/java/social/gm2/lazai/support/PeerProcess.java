package social.gm2.lazai.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A long-lived benchmark peer (a Node script of {@code interop/} or a child JVM) in a process group
 * of its own, spoken to one JSON line at a time: a request on its standard input, one answer line
 * on its standard output. Its standard error goes to a file, quoted when it fails.
 */
public final class PeerProcess implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.shared();

  private final Process process;
  private final OutputStream in;
  private final BufferedReader out;
  private final Path stderr;
  private final String name;

  private PeerProcess(Process process, Path stderr, String name) {
    this.process = process;
    this.in = process.getOutputStream();
    this.out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.stderr = stderr;
    this.name = name;
  }

  /** {@code node <script> <args>} in {@code interop/}. */
  public static PeerProcess node(String script, Map<String, String> env, String... args)
      throws IOException {
    if (!Files.isDirectory(NodePeer.DIR.resolve("node_modules"))) {
      throw new IllegalStateException(
          "the Node peers are not installed: run `bash interop/install.sh`");
    }
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    return start(command, NodePeer.DIR, env);
  }

  /** Any command, in a new session (its own process group), from {@code dir}. */
  public static PeerProcess start(List<String> command, Path dir, Map<String, String> env)
      throws IOException {
    List<String> full = new ArrayList<>(List.of("setsid"));
    full.addAll(command);
    Path stderr = Files.createTempFile("bench-peer-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(full).directory(dir.toFile()).redirectError(stderr.toFile());
    builder.environment().putAll(env);
    return new PeerProcess(builder.start(), stderr, String.join(" ", command));
  }

  /** Sends one request line and returns the next line the peer answers, parsed. */
  public JsonNode ask(Object request) throws IOException {
    send(request);
    return answer();
  }

  public void send(Object request) throws IOException {
    in.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  public JsonNode answer() throws IOException {
    String line = out.readLine();
    if (line == null) {
      throw new IllegalStateException(
          name + " ended without answering: " + Files.readString(stderr).strip());
    }
    return JSON.readTree(line);
  }

  /** The lines the peer printed that are not answers (for peers that only report events). */
  public BufferedReader output() {
    return out;
  }

  public long pid() {
    return process.pid();
  }

  public String stderr() throws IOException {
    return Files.readString(stderr);
  }

  /** Closes its input, then stops its whole process group if it has not ended in 10 s. */
  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        signalGroup("-TERM");
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          signalGroup("-KILL");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      signalGroup("-KILL");
    }
  }

  /** Sends a signal to the peer's process group (setsid made it the group's leader). */
  public void signalGroup(String signal) {
    signalGroup(process, signal);
  }

  /**
   * Sends a signal to the group of a process started under {@code setsid}: its pid is the group id.
   */
  static void signalGroup(Process process, String signal) {
    try {
      new ProcessBuilder("kill", signal, "--", "-" + process.pid()).start().waitFor();
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
