package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartReaderTest {
  static final String BOUNDARY = "----lazaiBoundary7MA4YWxk";

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 1000, 100_000})
  void readsFieldsAndAFileWhateverTheReadSizes(int readSize) throws IOException {
    byte[] file = new byte[200_000];
    new Random(3).nextBytes(file);
    // Almost-delimiters inside the file must stay data.
    byte[] lookalike = ("\r\n--" + BOUNDARY.substring(0, 10)).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(lookalike, 0, file, 5000, lookalike.length);
    byte[] almost =
        ("\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1))
            .getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(almost, 0, file, 9000, almost.length);
    System.arraycopy(almost, 0, file, file.length - almost.length, almost.length);
    byte[] body =
        form(
            "preamble, ignored\r\n",
            part("tokenAddress", null, "0xabc".getBytes(StandardCharsets.UTF_8)),
            part("file", "notes \\\"one\\\"; v2.txt", file),
            part("fileName", null, "given.txt".getBytes(StandardCharsets.UTF_8)));

    MultipartReader reader = new MultipartReader(new Chunked(body, readSize), BOUNDARY);
    List<String> names = new ArrayList<>();
    MultipartReader.Part part;
    while ((part = reader.next()) != null) {
      names.add(part.name());
      switch (part.name()) {
        case "tokenAddress" -> assertThat(part.text(100)).isEqualTo("0xabc");
        case "fileName" -> assertThat(part.text(100)).isEqualTo("given.txt");
        case "file" -> {
          assertThat(part.fileName()).isEqualTo("notes \"one\"; v2.txt");
          byte[] read = part.content().readAllBytes();
          assertThat(read.length).isEqualTo(file.length);
          assertThat(java.util.Arrays.mismatch(read, file)).as("first difference").isEqualTo(-1);
        }
        default -> throw new AssertionError(part.name());
      }
    }
    assertThat(names).containsExactly("tokenAddress", "file", "fileName");
    assertThat(reader.next()).isNull();
  }

  @Test
  void partsNotReadAreSkipped() throws IOException {
    byte[] body =
        form(
            "",
            part("submit", null, "Mint".getBytes(StandardCharsets.UTF_8)),
            part("file", "a.bin", new byte[] {1, 2, 3}));
    MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
    assertThat(reader.next().name()).isEqualTo("submit");
    MultipartReader.Part file = reader.next();
    assertThat(file.content().readAllBytes()).containsExactly(1, 2, 3);
    assertThat(reader.next()).isNull();
  }

  @Test
  void aBodyWithoutItsClosingBoundaryIsMalformed() throws IOException {
    byte[] whole = form("", part("file", "a.bin", new byte[5000]));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - BOUNDARY.length() - 8);
    MultipartReader reader = new MultipartReader(new ByteArrayInputStream(cut), BOUNDARY);
    MultipartReader.Part part = reader.next();
    assertThatThrownBy(() -> part.content().readAllBytes())
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400))
        .hasMessageContaining("without the closing boundary");
  }

  @Test
  void aBodyWithoutAnyBoundaryIsMalformed() {
    MultipartReader reader =
        new MultipartReader(
            new ByteArrayInputStream("just text".getBytes(StandardCharsets.UTF_8)), BOUNDARY);
    assertThatThrownBy(reader::next)
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void endlessHeadersAreRefused() {
    String body = "--" + BOUNDARY + "\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\nx\r\n";
    MultipartReader reader =
        new MultipartReader(
            new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), BOUNDARY);
    assertThatThrownBy(reader::next)
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("headers are longer than " + MultipartReader.MAX_HEADERS);
  }

  @Test
  void aPartWithoutFormDataDispositionIsRefused() {
    String body = "--" + BOUNDARY + "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + BOUNDARY + "--";
    MultipartReader reader =
        new MultipartReader(
            new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), BOUNDARY);
    assertThatThrownBy(reader::next)
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("Content-Disposition");
  }

  @Test
  void aTextFieldOverItsLimitIsRefused() throws IOException {
    byte[] body = form("", part("tokenAddress", null, new byte[2000]));
    MultipartReader.Part part =
        new MultipartReader(new ByteArrayInputStream(body), BOUNDARY).next();
    assertThatThrownBy(() -> part.text(1024))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("tokenAddress has more than 1024 bytes");
  }

  @Test
  void theBoundaryComesFromTheContentType() {
    assertThat(MultipartReader.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
    assertThat(MultipartReader.boundary("multipart/form-data; charset=utf-8; BOUNDARY=\"a b\""))
        .isEqualTo("a b");
    for (String bad :
        new String[] {
          null,
          "multipart/form-data",
          "multipart/form-data; boundary=",
          "multipart/form-data;" + " boundary=" + "x".repeat(71)
        }) {
      assertThatThrownBy(() -> MultipartReader.boundary(bad))
          .as(String.valueOf(bad))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("boundary");
    }
  }

  @Test
  void dispositionParameters() {
    String d = "form-data; name=\"file\"; filename=\"a;b.txt\"";
    assertThat(MultipartReader.parameter(d, "name")).isEqualTo("file");
    assertThat(MultipartReader.parameter(d, "filename")).isEqualTo("a;b.txt");
    assertThat(MultipartReader.parameter("form-data; name=plain", "name")).isEqualTo("plain");
    assertThat(MultipartReader.parameter("form-data; name=\"x\"", "filename")).isNull();
  }

  static byte[] part(String name, String fileName, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String disposition =
        "Content-Disposition: form-data; name=\""
            + name
            + "\""
            + (fileName == null ? "" : "; filename=\"" + fileName + "\"")
            + "\r\n"
            + (fileName == null ? "" : "Content-Type: application/octet-stream\r\n")
            + "\r\n";
    out.writeBytes(("--" + BOUNDARY + "\r\n" + disposition).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  static byte[] form(String preamble, byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(preamble.getBytes(StandardCharsets.US_ASCII));
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Hands out at most {@code size} bytes per read. */
  private static final class Chunked extends InputStream {
    private final InputStream in;
    private final int size;

    Chunked(byte[] data, int size) {
      this.in = new ByteArrayInputStream(data);
      this.size = size;
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, Math.min(len, size));
    }
  }
}
