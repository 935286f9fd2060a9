package social.gm2.lazai.storage.pinata;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import social.gm2.lazai.config.ConfigFixtures;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.storage.Cid;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.storage.StorageProperties;
import social.gm2.lazai.storage.cid.UnixFsBuilder;
import social.gm2.lazai.storage.local.LocalContentStore;

/**
 * Hashes a generated file, stores it in the local store and uploads it to a fake Pinata, in a JVM
 * whose heap is far smaller than the file: it can only finish if nothing holds the whole file.
 * Prints throughput, the peak heap, and {@code ipfs_cid}'s time on the same file as a ratio. Run by
 * {@link StoreStreamingMemoryIT} as {@code java -Xmx… StreamingStoresProbe <dir> <bytes>}.
 */
final class StreamingStoresProbe {
  private static final long MAX = 1L << 30;

  private StreamingStoresProbe() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long length = Long.parseLong(args[1]);
    byte[] block = new byte[1 << 20];
    new Random(11).nextBytes(block);
    Supplier<InputStream> content = () -> new Repeating(block, length);

    // Warm-up, so the timings below are of compiled code.
    new Repeating(block, 32 << 20).transferTo(new UnixFsBuilder(0));
    new Repeating(block, 32 << 20).transferTo(new UnixFsBuilder(1));
    Cid v0 = hash(0, content.get(), length);
    Cid v1 = hash(1, content.get(), length);
    ContentStore local =
        LocalContentStore.open(dir.resolve("local"), 0, "http://127.0.0.1", MAX, Clock.systemUTC());
    Cid stored =
        timed(
            "local store put (v0, fsync)",
            length,
            () -> local.put(content.get(), length, "f").cid());
    check(stored, v0);
    Files.createDirectories(dir.resolve("pinata"));
    try (FakePinata pinata = FakePinata.start(ConfigFixtures.JWT, dir.resolve("pinata"))) {
      ContentStore store =
          PinataContentStore.create(settings(pinata.url()), MAX, Clock.systemUTC());
      Cid pinned =
          timed(
              "Pinata put to the fake (v1, both sides hash)",
              length,
              () -> store.put(content.get(), length, "f").cid());
      check(pinned, v1);
    }
    oracle(dir.resolve("local/blobs"), v0, length);
    System.out.printf(
        "heap peaks: %smax heap %.1f MB%n", peakHeap(), Runtime.getRuntime().maxMemory() / 1e6);
    System.out.println("streaming ok");
    // The JDK HttpServer can leave its dispatcher thread running after stop(): exit explicitly.
    System.exit(0);
  }

  private static Cid hash(int version, InputStream in, long length) throws Exception {
    return timed(
        "CID v" + version + " hashing",
        length,
        () -> {
          UnixFsBuilder builder = new UnixFsBuilder(version);
          in.transferTo(builder);
          return builder.finish().cid();
        });
  }

  private interface Step<T> {
    T run() throws Exception;
  }

  private static <T> T timed(String what, long length, Step<T> step) throws Exception {
    long start = System.nanoTime();
    T result = step.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%s: %.0f MB/s (%.2f s)%n", what, length / 1e6 / seconds, seconds);
    return result;
  }

  private static void oracle(Path blobs, Cid v0, long length) throws Exception {
    Path tool = Path.of("/usr/bin/ipfs_cid");
    if (!Files.isExecutable(tool)) {
      System.out.println("ipfs_cid not installed: no peer ratio");
      return;
    }
    Path file = blobs.resolve(v0.value().substring(43, 45)).resolve(v0.value());
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(List.of(tool.toString(), file.toString()))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(1, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "ipfs_cid (Rust, reads the file into memory): %.0f MB/s (%.2f s), agrees: %s%n",
        length / 1e6 / seconds, seconds, output.contains(v0.value()));
  }

  private static StorageProperties.Pinata settings(String url) {
    return new StorageProperties.Pinata(
        Secret.valueOf(ConfigFixtures.JWT),
        url,
        url,
        url,
        Duration.ofSeconds(5),
        Duration.ofSeconds(60));
  }

  private static void check(Cid actual, Cid expected) {
    if (!actual.equals(expected)) {
      throw new AssertionError("CID " + actual + " but the hashing pass gave " + expected);
    }
  }

  /** Each heap pool's peak; the old generation's is what stayed reachable across collections. */
  private static String peakHeap() {
    StringBuilder peaks = new StringBuilder();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peaks.append(
            String.format("%s %.1f MB, ", pool.getName(), pool.getPeakUsage().getUsed() / 1e6));
      }
    }
    return peaks.toString();
  }

  /**
   * {@code length} bytes of one random block repeated: cheap to generate, not compressible per
   * chunk.
   */
  private static final class Repeating extends InputStream {
    private final byte[] block;
    private final long length;
    private long position;

    Repeating(byte[] block, long length) {
      this.block = block;
      this.length = length;
    }

    @Override
    public int read() {
      return position < length ? block[(int) (position++ % block.length)] & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int max) {
      if (position >= length) {
        return -1;
      }
      int at = (int) (position % block.length);
      int n = (int) Math.min(Math.min(max, block.length - at), length - position);
      System.arraycopy(block, at, into, offset, n);
      position += n;
      return n;
    }
  }
}
