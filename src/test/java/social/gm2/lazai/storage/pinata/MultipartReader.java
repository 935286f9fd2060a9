package social.gm2.lazai.storage.pinata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming {@code multipart/form-data} parser for the fake Pinata: part headers are read into
 * memory, part bodies are passed byte by byte to a sink chosen per part, so a 100 MB file part is
 * never held. The boundary is found with the usual trick of treating the body as if preceded by
 * CRLF, so every delimiter is {@code CRLF--boundary}.
 */
final class MultipartReader {
  private final InputStream in;
  private final byte[] delimiter;
  private boolean done;

  MultipartReader(InputStream in, String boundary) throws IOException {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    // The preamble (normally empty) runs up to the first "--boundary".
    skipTo("--" + boundary);
    afterDelimiter();
  }

  /** The headers of the next part (lower-case names), or null after the last part. */
  Map<String, String> nextHeaders() throws IOException {
    if (done) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line; !(line = line()).isEmpty(); ) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).strip());
    }
    return headers;
  }

  /** Streams the current part's body to {@code sink}, in blocks; returns its length. */
  long body(OutputStream sink) throws IOException {
    Block out = new Block(sink);
    int matched = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the body ended inside a part");
      }
      if (b == (delimiter[matched] & 0xff)) {
        if (++matched == delimiter.length) {
          afterDelimiter();
          return out.flush();
        }
        continue;
      }
      // Only delimiter[0] is CR, so a failed match can restart only at this byte.
      for (int i = 0; i < matched; i++) {
        out.add(delimiter[i]);
      }
      matched = 0;
      if (b == delimiter[0]) {
        matched = 1;
      } else {
        out.add((byte) b);
      }
    }
  }

  /** Collects body bytes so the sink gets them 64 KiB at a time. */
  private static final class Block {
    private final OutputStream sink;
    private final byte[] bytes = new byte[1 << 16];
    private int filled;
    private long total;

    Block(OutputStream sink) {
      this.sink = sink;
    }

    void add(byte b) throws IOException {
      bytes[filled++] = b;
      if (filled == bytes.length) {
        flush();
      }
    }

    long flush() throws IOException {
      sink.write(bytes, 0, filled);
      total += filled;
      filled = 0;
      return total;
    }
  }

  /** A small part (a text field) as a string. */
  String text() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    body(out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private void afterDelimiter() throws IOException {
    int first = in.read();
    int second = in.read();
    if (first == '-' && second == '-') {
      done = true;
    } else if (first != '\r' || second != '\n') {
      throw new IOException("a boundary is followed by neither CRLF nor --");
    }
  }

  private void skipTo(String marker) throws IOException {
    byte[] bytes = marker.getBytes(StandardCharsets.US_ASCII);
    int matched = 0;
    while (matched < bytes.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("no multipart boundary in the body");
      }
      matched = b == bytes[matched] ? matched + 1 : (b == bytes[0] ? 1 : 0);
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        throw new IOException("the body ended inside part headers");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
