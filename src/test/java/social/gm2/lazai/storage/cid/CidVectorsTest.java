package social.gm2.lazai.storage.cid;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import social.gm2.lazai.storage.Cid;
import social.gm2.lazai.storage.CounterStream;
import social.gm2.lazai.support.VectorFiles;
import tools.jackson.databind.JsonNode;

/**
 * All 11 files of cids.json (0 B to the 175-chunk two-level tree) give Kubo's CIDv0 and CIDv1, the
 * recorded DAG shape, and the recorded root block byte for byte. The large files are streamed.
 */
class CidVectorsTest {

  static Stream<Arguments> files() {
    JsonNode cases = VectorFiles.read("cids.json").get("cases");
    return StreamSupport.stream(cases.spliterator(), false)
        .map(file -> Arguments.of(file.get("length").asLong() + " bytes", file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void cidV0MatchesKubo(String name, JsonNode file) throws Exception {
    checkVersion(file, 0, file.get("cidV0").asString(), file.get("dagV0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void cidV1MatchesKuboWithRawLeaves(String name, JsonNode file) throws Exception {
    checkVersion(file, 1, file.get("cidV1").asString(), file.get("dagV1"));
  }

  private static void checkVersion(JsonNode file, int version, String expected, JsonNode dag)
      throws IOException {
    AtomicReference<byte[]> lastBlock = new AtomicReference<>();
    UnixFsBuilder builder = new UnixFsBuilder(version, (cid, block) -> lastBlock.set(bytes(block)));
    MessageDigest sha256 = sha256();
    writeInOddPieces(file, new DigestOutputStream(builder, sha256));
    UnixFsFile dagFile = builder.finish();

    assertThat(HexFormat.of().formatHex(sha256.digest()))
        .as("plaintext")
        .isEqualTo(file.get("sha256").asString());
    assertThat(dagFile.cid()).isEqualTo(Cid.parse(expected));
    assertThat(dagFile.size()).isEqualTo(file.get("length").asLong());
    assertThat(dagFile.leafCount()).isEqualTo(dag.get("leafCount").asLong());
    assertThat(dagFile.depth()).isEqualTo(dag.get("treeDepth").asInt());
    assertThat(dagFile.blockCount()).isEqualTo(dag.get("blockCount").asLong());
    assertThat(dagFile.rootBlockLength()).isEqualTo(dag.get("rootBlockLength").asInt());
    if (dag.hasNonNull("rootBlockHex")) {
      assertThat(HexFormat.of().formatHex(lastBlock.get()))
          .isEqualTo(dag.get("rootBlockHex").asString());
    }
    assertThat(dagFile.cid().codec())
        .isEqualTo(dag.get("codec").asString().equals("raw") ? Cid.RAW : Cid.DAG_PB);
  }

  private static void writeInOddPieces(JsonNode file, OutputStream out) throws IOException {
    try (InputStream in = content(file);
        out) {
      // Odd-sized pieces, so chunk boundaries fall inside writes.
      byte[] buffer = new byte[100_003];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
      }
    }
  }

  private static InputStream content(JsonNode file) {
    if (file.hasNonNull("literalUtf8")) {
      return new java.io.ByteArrayInputStream(
          file.get("literalUtf8").asString().getBytes(StandardCharsets.UTF_8));
    }
    JsonNode recipe = file.get("plaintext");
    return new CounterStream(recipe.get("seedHex").asString(), recipe.get("length").asLong());
  }

  private static byte[] bytes(ByteBuffer block) {
    byte[] copy = new byte[block.remaining()];
    block.duplicate().get(copy);
    return copy;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
