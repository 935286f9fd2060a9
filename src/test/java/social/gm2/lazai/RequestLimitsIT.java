package social.gm2.lazai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.RawHttp;

/**
 * The packaged service, run as a separate process with a 96 MB heap and the embedded profile (H2,
 * in-memory queues, local store; the chain is unreachable, which a submission does not need),
 * refuses a 500 MB body to {@code POST /api/v1/mints} with 413, once declared by Content-Length (at
 * once, without reading it) and once chunked (counted while read), and still takes a valid mint
 * afterwards: the body was never held in its heap.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RequestLimitsIT {
  private static final Path JAR = Path.of("target", "lazai-dat-processor.jar").toAbsolutePath();
  private static final String KEY = "limits-it-key-" + java.util.UUID.randomUUID();
  private static final long HUGE = 500L * 1024 * 1024;
  private static Path dir;
  private static Process service;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("request-limits");
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-Xmx96m", "-jar", JAR.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("service.log").toFile());
    Map<String, String> env = builder.environment();
    List.of("MASTER_DB", "SLAVES_DB", "REDIS", "LAZAI_CONFIG", "IPFS_JWT", "APP_ENV", "PORT")
        .forEach(env::remove);
    env.put("SPRING_PROFILES_ACTIVE", "embedded");
    env.put("PORT", Integer.toString(port));
    env.put("LAZAI_API_KEYS", KEY);
    env.put("LAZAI_DATABASE_EMBEDDED_FILE", dir.resolve("db/lazai").toString());
    env.put("LAZAI_STORAGE_LOCAL_DIRECTORY", dir.resolve("ipfs").toString());
    // Hardhat's published development key #0, on a chain that is not there.
    env.put(
        "LAZAI_CONFIG",
        "{\"privateKey\":\"0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80\","
            + "\"rpc\":\"http://127.0.0.1:9\","
            + "\"contractAddress\":\"0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512\","
            + "\"encryptionSeed\":\"Sign to retrieve your encryption key\"}");
    service = builder.start();
    Await.until(
        Duration.ofSeconds(120),
        () -> {
          if (!service.isAlive()) {
            throw new AssertionError("the service stopped: " + log());
          }
          return RawHttp.send(port, "GET", "/healthz", Map.of(), null).status();
        },
        status -> status == 200 || status == 503);
  }

  @AfterAll
  static void stop() throws Exception {
    if (service != null) {
      service.destroy();
      if (!service.waitFor(30, TimeUnit.SECONDS)) {
        service.destroyForcibly();
      }
    }
  }

  @Test
  void aDeclared500MbBodyIsRefusedAtOnceWithoutBeingRead() throws Exception {
    long before = heapUsed();
    Result result = post("Content-Length: " + HUGE + "\r\n", RequestLimitsIT::zeros);

    assertThat(result.answer().status()).as(result.answer().body()).isEqualTo(413);
    assertThat(result.answer().header("Connection")).isEqualTo("close");
    assertThat(result.answer().header("Content-Type")).startsWith("application/problem+json");
    assertThat(result.answer().body()).contains("lazai.mint.max-data-size");
    assertThat(result.millis()).as("answered at once").isLessThan(10_000);
    assertThat(result.sent()).as("bytes the client got to send").isLessThan(HUGE / 5);
    report("Content-Length", before, result);
    stillMints();
  }

  @Test
  void aChunked500MbBodyIsCountedWhileReadAndRefusedAtTheLimit() throws Exception {
    long before = heapUsed();
    Result result = post("Transfer-Encoding: chunked\r\n", RequestLimitsIT::chunkedJson);

    assertThat(result.answer().status()).as(result.answer().body()).isEqualTo(413);
    assertThat(result.answer().header("Content-Type")).startsWith("application/problem+json");
    assertThat(result.sent()).as("bytes the client got to send").isLessThan(HUGE / 5);
    report("chunked", before, result);
    stillMints();
  }

  private record Result(RawHttp.Answer answer, long millis, long sent) {}

  private interface Body {
    void write(OutputStream out, AtomicLong sent) throws IOException;
  }

  /** Sends the request head, streams the body from another thread, and reads the answer. */
  private static Result post(String framing, Body body) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(120_000);
      OutputStream out = socket.getOutputStream();
      String head =
          "POST /api/v1/mints HTTP/1.1\r\nHost: 127.0.0.1:"
              + port
              + "\r\nX-API-Key: "
              + KEY
              + "\r\nContent-Type: application/json\r\n"
              + framing
              + "\r\n";
      long start = System.nanoTime();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      AtomicLong sent = new AtomicLong();
      Thread writer =
          new Thread(
              () -> {
                try {
                  body.write(out, sent);
                } catch (IOException e) {
                  // The service answered and closed the connection: what we expect.
                }
              });
      writer.setDaemon(true);
      writer.start();
      InputStream in = socket.getInputStream();
      RawHttp.Answer answer = RawHttp.read(in);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      socket.close();
      writer.join(10_000);
      return new Result(answer, millis, sent.get());
    }
  }

  private static void zeros(OutputStream out, AtomicLong sent) throws IOException {
    byte[] block = new byte[64 * 1024];
    Arrays.fill(block, (byte) ' ');
    for (long n = 0; n < HUGE; n += block.length) {
      out.write(block);
      sent.addAndGet(block.length);
    }
  }

  /** A mint request whose data array ("255, " per byte) goes on for 500 MB, chunked. */
  private static void chunkedJson(OutputStream out, AtomicLong sent) throws IOException {
    byte[] start =
        ("{\"tokenAddress\":\"0x00000000000000000000000000000000000000c1\",\"fileName\":\"a\","
                + "\"privacyData\":[0")
            .getBytes(StandardCharsets.US_ASCII);
    chunk(out, start, sent);
    byte[] block = ", 255".repeat(13_000).getBytes(StandardCharsets.US_ASCII);
    for (long n = start.length; n < HUGE; n += block.length) {
      chunk(out, block, sent);
    }
    chunk(out, "]}".getBytes(StandardCharsets.US_ASCII), sent);
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static void chunk(OutputStream out, byte[] data, AtomicLong sent) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    sent.addAndGet(data.length);
  }

  private static void stillMints() throws Exception {
    String token = "0x" + Long.toHexString(System.nanoTime()) + "0".repeat(40);
    token = token.substring(0, 42);
    RawHttp.Answer answer =
        RawHttp.send(
            port,
            "POST",
            "/api/v1/mints",
            Map.of("X-API-Key", KEY, "Content-Type", "application/json"),
            "{\"tokenAddress\":\"" + token + "\",\"fileName\":\"a.txt\",\"privacyData\":[1,2,3]}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    assertThat(service.isAlive()).isTrue();
  }

  /** The service's heap in use (bytes), from its own Prometheus metrics. */
  private static long heapUsed() throws Exception {
    String metrics =
        RawHttp.send(port, "GET", "/actuator/prometheus", Map.of("X-API-Key", KEY), null).body();
    return metrics
        .lines()
        .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void report(String how, long before, Result result) throws Exception {
    System.out.printf(
        "request-limits %s: 413 after %d ms, %d MB sent by the client, heap used %d MB before,"
            + " %d MB after (-Xmx96m)%n",
        how,
        result.millis(),
        result.sent() / (1024 * 1024),
        before / (1024 * 1024),
        heapUsed() / (1024 * 1024));
  }

  private static String log() {
    try {
      return Files.readString(dir.resolve("service.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }
}
