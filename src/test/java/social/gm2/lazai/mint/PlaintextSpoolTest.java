package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PlaintextSpoolTest {
  private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

  @Test
  void theDataComesBackWholeWhileTheFileHoldsItOnlyEncrypted() throws IOException {
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    // A recognizable run that must not appear in the spool file.
    for (int i = 0; i < 4096; i++) {
      data[1000 + i] = (byte) 'A';
    }
    try (PlaintextSpool spool =
        PlaintextSpool.read(new Trickle(new ByteArrayInputStream(data)), data.length, "file")) {
      assertThat(spool.length()).isEqualTo(data.length);
      byte[] onDisk = Files.readAllBytes(spool.file());
      assertThat(onDisk).hasSize(data.length).isNotEqualTo(data);
      assertThat(new String(onDisk, java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain("A".repeat(64));
      try (InputStream back = spool.open()) {
        assertThat(back.readAllBytes()).isEqualTo(data);
      }
      try (InputStream again = spool.open()) {
        byte[] mixed = new byte[data.length];
        for (int i = 0; i < 5; i++) {
          mixed[i] = (byte) again.read();
        }
        again.readNBytes(mixed, 5, data.length - 5);
        assertThat(again.read()).isEqualTo(-1);
        assertThat(mixed).as("readable twice, byte by byte and in blocks").isEqualTo(data);
      }
      Path file = spool.file();
      spool.close();
      assertThat(file).doesNotExist();
    }
  }

  @Test
  void dataOverTheLimitFailsAsSoonAsItPassesItAndLeavesNoFile() throws IOException {
    long before = spools();
    CountingStream endless = new CountingStream(10_000_000);
    assertThatThrownBy(() -> PlaintextSpool.read(endless, 100_000, "file"))
        .isInstanceOf(DataTooLargeException.class)
        .hasMessageContaining("file has more than 100000 bytes")
        .hasMessageContaining("lazai.mint.max-data-size");
    assertThat(endless.read).as("stopped near the limit").isLessThan(100_000 + 128 * 1024);
    assertThat(spools()).isEqualTo(before);
  }

  @Test
  void dataExactlyAtTheLimitIsAccepted() {
    try (PlaintextSpool spool =
        PlaintextSpool.read(new ByteArrayInputStream(new byte[1000]), 1000, "body")) {
      assertThat(spool.length()).isEqualTo(1000);
    }
  }

  @Test
  void noDataIsRefusedNamingTheFieldAndLeavesNoFile() throws IOException {
    long before = spools();
    assertThatThrownBy(() -> PlaintextSpool.read(InputStream.nullInputStream(), 10, "body"))
        .isInstanceOfSatisfying(
            InvalidMintRequestException.class, e -> assertThat(e.field()).isEqualTo("body"))
        .hasMessageContaining("empty");
    assertThat(spools()).isEqualTo(before);
  }

  @Test
  void aStreamThatBreaksIsAnUnreadableUploadAndLeavesNoFile() throws IOException {
    long before = spools();
    InputStream broken =
        new java.io.SequenceInputStream(
            new ByteArrayInputStream(new byte[100_000]),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw new java.io.EOFException("client went away");
              }
            });
    assertThatThrownBy(() -> PlaintextSpool.read(broken, 1_000_000, "body"))
        .isInstanceOfSatisfying(
            UploadReadException.class, e -> assertThat(e.field()).isEqualTo("body"))
        .hasMessageContaining("could not be read to its end")
        .hasCauseInstanceOf(java.io.EOFException.class);
    assertThat(spools()).isEqualTo(before);
  }

  private static long spools() throws IOException {
    try (Stream<Path> files = Files.list(TMP)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(PlaintextSpool.FILE_PREFIX))
          .count();
    }
  }

  /** Hands out at most 1000 bytes per read. */
  private static final class Trickle extends InputStream {
    private final InputStream in;

    Trickle(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, Math.min(len, 1000));
    }
  }

  private static final class CountingStream extends InputStream {
    private final long size;
    long read;

    CountingStream(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      return read < size ? (int) (read++ & 0x7f) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (read >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - read);
      read += n;
      return n;
    }
  }
}
