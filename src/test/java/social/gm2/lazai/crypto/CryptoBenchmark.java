package social.gm2.lazai.crypto;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import social.gm2.lazai.support.BenchReport;
import social.gm2.lazai.support.PeerProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encrypt and decrypt time of {@link PasswordCipher} against alith's own {@code encrypt}/{@code
 * decrypt} (openpgp.js) on the same machine in one run, written to {@code
 * bench/results/crypto.json}. Three long-lived processes get the same plan: for each size, the same
 * number of untimed warm-up round trips, then timed rounds, each operation timed alone: this JVM
 * (from and into memory), one Node process (from and into memory) and a child JVM with a 128 MB
 * heap that streams the plaintext from a generator to a file and decrypts the file into a sink
 * ("Java, streamed via file"). The sizes are interleaved (Java, alith, streamed per size), so a
 * load change on the shared machine hits all three alike. Run with {@code bash bench/crypto.sh};
 * not a test, so nothing here asserts a speed.
 */
public final class CryptoBenchmark {
  private static final String PASSWORD = "0x" + "ab".repeat(65);
  private static final int MB = 1 << 20;
  private static final JsonMapper JSON = JsonMapper.shared();

  /** One size: untimed warm-up round trips, then timed ones. */
  record Step(int size, int warmup, int rounds) {}

  static final List<Step> PLAN =
      List.of(
          new Step(1024, 20, 20),
          new Step(MB, 10, 10),
          new Step(10 * MB, 5, 7),
          new Step(50 * MB, 3, 5));

  private static final String STREAMED_HEAP = "-Xmx128m";

  private final PasswordCipher cipher = new PasswordCipher(Clock.systemUTC(), new SecureRandom());

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("streamed")) {
      new CryptoBenchmark().serveStreamed();
      return;
    }
    new CryptoBenchmark().run();
  }

  private void run() throws Exception {
    BenchReport report =
        new BenchReport("crypto", "bash bench/crypto.sh")
            .withJdkAndNode()
            .npm("alith", "interop/node_modules/alith")
            .npm("openpgp", "interop/node_modules/openpgp");
    report
        .versions()
        .put(
            "bouncyCastle",
            new org.bouncycastle.jce.provider.BouncyCastleProvider().getVersionStr());
    ObjectNode p = report.parameters();
    p.set("plan", JSON.valueToTree(PLAN));
    p.put("javaHeapMaxMiB", Runtime.getRuntime().maxMemory() / MB);
    p.put("streamedJavaHeap", STREAMED_HEAP);
    p.put(
        "fairness",
        "three long-lived processes, the same plan: per size the same untimed warm-up round trips,"
            + " then timed rounds, each op timed alone; sizes interleaved Java, alith, Java"
            + " streamed; same password, same plaintext (byte i = i*31 mod 251)");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (PeerProcess alith = PeerProcess.node("openpgp.js", Map.of(), "serve");
        PeerProcess streamed =
            PeerProcess.start(
                List.of(
                    java,
                    STREAMED_HEAP,
                    "-cp",
                    System.getProperty("java.class.path"),
                    CryptoBenchmark.class.getName(),
                    "streamed"),
                Path.of("").toAbsolutePath(),
                Map.of())) {
      ArrayNode sizes = report.root().putArray("sizes");
      for (Step step : PLAN) {
        System.out.printf(
            "%s: %d warm-up + %d timed round trips each ...%n",
            label(step.size()), step.warmup(), step.rounds());
        JsonNode javaTimes = inMemory(step);
        JsonNode alithTimes = alith.ask(step);
        JsonNode streamedTimes = streamed.ask(step);
        ObjectNode size = sizes.addObject();
        size.put("bytes", step.size());
        size.put("label", label(step.size()));
        size.put("warmup", step.warmup());
        size.put("rounds", step.rounds());
        ObjectNode javaRow = row(javaTimes);
        ObjectNode alithRow = row(alithTimes);
        ObjectNode streamedRow = row(streamedTimes);
        alithRow.put("peakHeapPlusArrayBuffersBytes", alithTimes.get("peakBytes").asLong());
        streamedRow.put("peakHeapBytes", streamedTimes.get("peakHeapBytes").asLong());
        size.set("java", javaRow);
        size.set("alith", alithRow);
        size.set("javaStreamed", streamedRow);
        ObjectNode ratio = size.putObject("alithOverJava");
        ObjectNode streamedRatio = size.putObject("alithOverJavaStreamed");
        for (String op : List.of("encryptMs", "decryptMs", "roundTripMs")) {
          ratio.put(op, median(alithRow, op) / median(javaRow, op));
          streamedRatio.put(op, median(alithRow, op) / median(streamedRow, op));
        }
      }
    }
    System.out.println("wrote " + report.write());
  }

  private static double median(ObjectNode row, String op) {
    return row.get(op).get("median").asDouble();
  }

  /** Timed rounds in this JVM, from and into memory. */
  private JsonNode inMemory(Step step) {
    byte[] plaintext = PatternStream.bytes(step.size());
    return times(
        step,
        (encrypt, decrypt, i) -> {
          long t = System.nanoTime();
          byte[] message = cipher.encrypt(plaintext, PASSWORD);
          encrypt[i] = (System.nanoTime() - t) / 1e6;
          t = System.nanoTime();
          byte[] back = cipher.decrypt(message, PASSWORD);
          decrypt[i] = (System.nanoTime() - t) / 1e6;
          if (back.length != plaintext.length) {
            throw new IllegalStateException("round trip lost bytes");
          }
        });
  }

  /** The child JVM: streamed round trips for each step read from standard input. */
  private void serveStreamed() throws Exception {
    var lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Path file = Files.createTempFile("bench", ".pgp");
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        Step step = JSON.readValue(line, Step.class);
        System.gc();
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        ObjectNode answer =
            (ObjectNode)
                times(
                    step,
                    (encrypt, decrypt, i) -> streamed(step.size(), file, encrypt, decrypt, i));
        answer.put(
            "peakHeapBytes",
            heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum());
        System.out.println(JSON.writeValueAsString(answer));
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Plaintext generated on the fly, message on disk, plaintext into a sink: nothing held whole. */
  private void streamed(int size, Path file, double[] encrypt, double[] decrypt, int i) {
    try {
      long t = System.nanoTime();
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        cipher.encrypt(new PatternStream(size), size, out, PASSWORD);
      }
      encrypt[i] = (System.nanoTime() - t) / 1e6;
      t = System.nanoTime();
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        cipher.decrypt(in, OutputStream.nullOutputStream(), PASSWORD);
      }
      decrypt[i] = (System.nanoTime() - t) / 1e6;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  interface RoundTrip {
    void run(double[] encryptMs, double[] decryptMs, int index);
  }

  /** Warm-up round trips into a scratch slot, then the timed ones: per-round milliseconds. */
  private static JsonNode times(Step step, RoundTrip roundTrip) {
    double[] scratch = new double[1];
    for (int i = 0; i < step.warmup(); i++) {
      roundTrip.run(scratch, scratch.clone(), 0);
    }
    double[] encrypt = new double[step.rounds()];
    double[] decrypt = new double[step.rounds()];
    for (int i = 0; i < step.rounds(); i++) {
      roundTrip.run(encrypt, decrypt, i);
    }
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode e = answer.putArray("encryptMs");
    ArrayNode d = answer.putArray("decryptMs");
    for (int i = 0; i < step.rounds(); i++) {
      e.add(encrypt[i]);
      d.add(decrypt[i]);
    }
    return answer;
  }

  /** min/median/max (and every round) of encrypt, decrypt and their sum per round. */
  private static ObjectNode row(JsonNode times) {
    double[] encrypt = doubles(times.get("encryptMs"));
    double[] decrypt = doubles(times.get("decryptMs"));
    double[] both = new double[encrypt.length];
    for (int i = 0; i < both.length; i++) {
      both[i] = encrypt[i] + decrypt[i];
    }
    ObjectNode row = JSON.createObjectNode();
    row.set("encryptMs", BenchReport.stats(encrypt));
    row.set("decryptMs", BenchReport.stats(decrypt));
    row.set("roundTripMs", BenchReport.stats(both));
    return row;
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }

  private static String label(int size) {
    return size >= MB ? size / MB + " MB" : size / 1024 + " KB";
  }
}
