package social.gm2.lazai.crypto;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import social.gm2.lazai.support.NodePeer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encrypt + decrypt throughput of {@link PasswordCipher} against alith's own functions
 * (openpgp.js), measured on this machine in one run, and the heap a 50 MB message needs. Run with
 * {@code bench/crypto.sh}; not a test, so nothing here asserts a speed.
 */
public final class CryptoBenchmark {
  private static final String PASSWORD = "0x" + "ab".repeat(65);
  private static final int MB = 1 << 20;
  private static final List<int[]> CASES = List.of(new int[] {1024, 40}, new int[] {MB, 20});
  private static final int BIG = 50 * MB;

  private final PasswordCipher cipher = new PasswordCipher(Clock.systemUTC(), new SecureRandom());

  public static void main(String[] args) throws Exception {
    new CryptoBenchmark().run();
  }

  private void run() throws Exception {
    System.out.printf(
        "%-24s %14s %14s %12s %14s%n",
        "case", "encrypt ms/op", "decrypt ms/op", "round MB/s", "peak heap MB");
    warmUp();
    for (int[] c : CASES) {
      Timing java = inMemory(c[0], c[1]);
      Timing alith = alith(c[0], c[1]);
      report("java " + label(c[0]), java);
      report("alith " + label(c[0]), alith);
      ratio(label(c[0]), java, alith);
    }
    Timing java = streamingThroughFiles(BIG, 3);
    Timing alith = alith(BIG, 3);
    report("java 50 MB (streamed)", java);
    report("alith 50 MB (in memory)", alith);
    ratio("50 MB", java, alith);
  }

  private void warmUp() {
    for (int i = 0; i < 30; i++) {
      cipher.decrypt(cipher.encrypt(new byte[MB], PASSWORD), PASSWORD);
    }
  }

  private Timing inMemory(int size, int rounds) {
    byte[] plaintext = PatternStream.bytes(size);
    long encrypt = 0;
    long decrypt = 0;
    for (int i = 0; i < rounds; i++) {
      long t = System.nanoTime();
      byte[] message = cipher.encrypt(plaintext, PASSWORD);
      encrypt += System.nanoTime() - t;
      t = System.nanoTime();
      cipher.decrypt(message, PASSWORD);
      decrypt += System.nanoTime() - t;
    }
    return new Timing(size, rounds, encrypt, decrypt, -1);
  }

  /** Plaintext generated on the fly, message on disk, plaintext to a sink: nothing held whole. */
  private Timing streamingThroughFiles(int size, int rounds) throws Exception {
    Path file = Files.createTempFile("bench", ".pgp");
    try {
      System.gc();
      heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
      long encrypt = 0;
      long decrypt = 0;
      for (int i = 0; i < rounds; i++) {
        long t = System.nanoTime();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          cipher.encrypt(new PatternStream(size), size, out, PASSWORD);
        }
        encrypt += System.nanoTime() - t;
        t = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
          cipher.decrypt(in, OutputStream.nullOutputStream(), PASSWORD);
        }
        decrypt += System.nanoTime() - t;
      }
      long peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      return new Timing(size, rounds, encrypt, decrypt, peak);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static Timing alith(int size, int rounds) throws Exception {
    String line =
        NodePeer.run("openpgp.js", Map.of(), "", "bench", "" + size, "" + rounds)
            .orThrow()
            .stdout();
    JsonNode json = JsonMapper.shared().readTree(line);
    return new Timing(
        size,
        rounds,
        json.get("encryptNs").asLong(),
        json.get("decryptNs").asLong(),
        json.get("peakBytes").asLong());
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .toList();
  }

  private static void report(String name, Timing t) {
    System.out.printf(
        "%-24s %14.2f %14.2f %12.1f %14s%n",
        name,
        t.encryptNanos / 1e6 / t.rounds,
        t.decryptNanos / 1e6 / t.rounds,
        t.mbPerSecond(t.encryptNanos + t.decryptNanos),
        t.peakBytes < 0 ? "-" : String.format("%.1f", t.peakBytes / (double) MB));
  }

  private static void ratio(String label, Timing java, Timing alith) {
    double r =
        (double) (alith.encryptNanos + alith.decryptNanos)
            / (java.encryptNanos + java.decryptNanos);
    System.out.printf("%-24s java/alith round trip = %.2fx%n%n", label, r);
  }

  private static String label(int size) {
    return size >= MB ? size / MB + " MB" : size / 1024 + " KB";
  }

  private record Timing(
      int size, int rounds, long encryptNanos, long decryptNanos, long peakBytes) {
    double mbPerSecond(long nanos) {
      return size * (double) rounds / MB / (nanos / 1e9);
    }
  }
}
