package social.gm2.lazai.storage.cid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import social.gm2.lazai.storage.Cid;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's {@code ipfs_cid} (package ipfs-cid, an independent Rust implementation) as the oracle
 * for CIDv0 on fresh random files: chunk edges, several chunks, and two-level trees (175 and 349
 * chunks). Its "CIDv1" is the v0 hash printed as a dag-pb CIDv1, not Kubo's raw-leaf v1 (see
 * vectors/README.md), so it checks our base32 CIDv1 text, and cids.json checks raw-leaf v1.
 */
class CidOracleIT {
  private static final Path IPFS_CID = Path.of("/usr/bin/ipfs_cid");
  private static final int CHUNK = UnixFsBuilder.CHUNK_SIZE;

  @TempDir Path dir;

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(
      longs = {
        0,
        1,
        CHUNK - 1,
        CHUNK,
        CHUNK + 1,
        3L << 20,
        (3L << 20) + 12_345,
        174L * CHUNK + 1,
        348L * CHUNK + 7
      })
  void ourCidV0IsTheOracles(long length) throws Exception {
    assertThat(IPFS_CID).as("install it: apt-get install ipfs-cid").isExecutable();
    long seed = new Random().nextLong();
    Path file = dir.resolve("random-" + length + ".bin");

    UnixFsFile ours = writeRandom(file, length, seed);
    JsonNode oracle = ipfsCid(file);

    assertThat(ours.cid().value()).as("seed %d", seed).isEqualTo(oracle.get("CIDv0").asString());
    assertThat(Cid.v1(Cid.DAG_PB, ours.cid().digest()).value())
        .isEqualTo(oracle.get("CIDv1").asString());
  }

  /** Writes {@code length} random bytes to {@code file} and hashes them in the same pass. */
  private static UnixFsFile writeRandom(Path file, long length, long seed) throws IOException {
    Random random = new Random(seed);
    UnixFsBuilder builder = new UnixFsBuilder(0);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = length; left > 0; ) {
        int n = (int) Math.min(block.length, left);
        random.nextBytes(block);
        out.write(block, 0, n);
        builder.write(block, 0, n);
        left -= n;
      }
    }
    return builder.finish();
  }

  private static JsonNode ipfsCid(Path file) throws Exception {
    Process process =
        new ProcessBuilder(List.of(IPFS_CID.toString(), file.toString()))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return JsonMapper.shared().readTree(output);
  }
}
