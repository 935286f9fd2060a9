package social.gm2.lazai.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A {@code multipart/form-data} body (RFC 7578) read part by part as it arrives: each part's
 * headers are read (at most {@value #MAX_HEADERS} bytes), then its content is a stream that ends at
 * the next delimiter, so a file part of any size passes through a fixed buffer and nothing is
 * written to disk or held whole. Parts must be read in order; {@link #next()} skips what is left of
 * the current one.
 */
final class MultipartReader {
  static final int MAX_HEADERS = 8 * 1024;
  private static final int BUFFER = 64 * 1024;

  /** A part's name and, for a file, the file name its Content-Disposition gave. */
  record Part(String name, String fileName, InputStream content) {
    /** The content as UTF-8 text of at most {@code max} bytes. */
    String text(int max) throws IOException {
      byte[] bytes = content.readNBytes(max + 1);
      if (bytes.length > max) {
        throw ApiException.badRequest(
            "The multipart part " + name + " has more than " + max + " bytes.");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] buffer;
  private int position;
  private int limit;
  private boolean eof;
  private PartContent current;
  private boolean finished;

  MultipartReader(InputStream in, String boundary) {
    this.in = in;
    // "\r\n--boundary"; the first delimiter has no CRLF before it, so the buffer starts with one.
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    this.buffer = new byte[BUFFER + delimiter.length];
    buffer[0] = '\r';
    buffer[1] = '\n';
    limit = 2;
  }

  /**
   * The boundary of a {@code multipart/form-data} content type.
   *
   * @throws ApiException 400 when there is none or it breaks RFC 2046's rules
   */
  static String boundary(String contentType) {
    if (contentType != null) {
      for (String parameter : contentType.split(";")) {
        String p = parameter.strip();
        if (p.regionMatches(true, 0, "boundary=", 0, 9)) {
          String value = unquote(p.substring(9).strip());
          if (!value.isEmpty()
              && value.length() <= 70
              && value.chars().allMatch(c -> c > 0x20 && c < 0x7f || c == ' ')) {
            return value;
          }
        }
      }
    }
    throw ApiException.badRequest(
        "A multipart/form-data request needs a boundary parameter (1 to 70 characters) in its"
            + " Content-Type.");
  }

  /**
   * The next part, or null after the last one.
   *
   * @throws ApiException 400 when the body is not well-formed multipart
   */
  Part next() throws IOException {
    if (finished) {
      return null;
    }
    if (current != null) {
      current.skip();
    } else {
      // Skip the preamble: everything up to the first delimiter.
      new PartContent().skip();
    }
    // After a delimiter: "--" ends the body, CRLF starts a part (transport padding allowed).
    if (!fill(2)) {
      throw malformed("it ends after a boundary");
    }
    if (buffer[position] == '-' && buffer[position + 1] == '-') {
      finished = true;
      current = null;
      return null;
    }
    skipPadding();
    String headers = headers();
    String disposition = header(headers, "content-disposition");
    if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
      throw malformed("a part has no Content-Disposition: form-data header");
    }
    String name = parameter(disposition, "name");
    if (name == null) {
      throw malformed("a part has no name");
    }
    current = new PartContent();
    return new Part(name, parameter(disposition, "filename"), current);
  }

  private void skipPadding() throws IOException {
    while (fill(1) && (buffer[position] == ' ' || buffer[position] == '\t')) {
      position++;
    }
    if (!fill(2) || buffer[position] != '\r' || buffer[position + 1] != '\n') {
      throw malformed("a boundary is not followed by a line break");
    }
    position += 2;
  }

  /** The header block of a part, up to and without the empty line that ends it. */
  private String headers() throws IOException {
    if (!fill(2)) {
      throw malformed("it ends inside a part's headers");
    }
    // An empty header block: the part starts with the empty line.
    if (buffer[position] == '\r' && buffer[position + 1] == '\n') {
      position += 2;
      return "";
    }
    int searched = 0;
    while (true) {
      int end = indexOf(CRLF_CRLF, position + Math.max(0, searched - 3), limit);
      if (end - position > MAX_HEADERS) {
        throw malformed("a part's headers are longer than " + MAX_HEADERS + " bytes");
      }
      if (end >= 0) {
        String headers = new String(buffer, position, end - position, StandardCharsets.UTF_8);
        position = end + 4;
        return headers;
      }
      if (limit - position > MAX_HEADERS) {
        throw malformed("a part's headers are longer than " + MAX_HEADERS + " bytes");
      }
      searched = limit - position;
      if (!fill(limit - position + 1)) {
        throw malformed("it ends inside a part's headers");
      }
    }
  }

  private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

  private static String header(String headers, String name) {
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).strip();
      }
    }
    return null;
  }

  /** A parameter of a Content-Disposition value, quoted or not ({@code filename*} not read). */
  static String parameter(String disposition, String name) {
    int i = disposition.indexOf(';');
    while (i >= 0 && i < disposition.length()) {
      int start = i + 1;
      while (start < disposition.length() && disposition.charAt(start) == ' ') {
        start++;
      }
      int equals = disposition.indexOf('=', start);
      if (equals < 0) {
        return null;
      }
      String key = disposition.substring(start, equals).strip();
      int valueStart = equals + 1;
      String value;
      int after;
      if (valueStart < disposition.length() && disposition.charAt(valueStart) == '"') {
        StringBuilder quoted = new StringBuilder();
        int j = valueStart + 1;
        while (j < disposition.length() && disposition.charAt(j) != '"') {
          char c = disposition.charAt(j);
          if (c == '\\' && j + 1 < disposition.length()) {
            c = disposition.charAt(++j);
          }
          quoted.append(c);
          j++;
        }
        value = quoted.toString();
        after = disposition.indexOf(';', j);
      } else {
        after = disposition.indexOf(';', valueStart);
        value = disposition.substring(valueStart, after < 0 ? disposition.length() : after).strip();
      }
      if (key.equalsIgnoreCase(name)) {
        return value;
      }
      i = after;
    }
    return null;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  /** Makes at least {@code n} bytes available from {@code position}; false at the end. */
  private boolean fill(int n) throws IOException {
    if (limit - position >= n) {
      return true;
    }
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
    }
    while (limit < n && !eof) {
      int read = in.read(buffer, limit, buffer.length - limit);
      if (read < 0) {
        eof = true;
      } else {
        limit += read;
      }
    }
    return limit - position >= n;
  }

  private int indexOf(byte[] pattern, int from, int to) {
    int last = to - pattern.length;
    outer:
    for (int i = Math.max(from, position); i <= last; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (buffer[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static ApiException malformed(String why) {
    return ApiException.badRequest("The multipart/form-data body is malformed: " + why + ".");
  }

  /** The content of the current part: the bytes up to the next delimiter. */
  private final class PartContent extends InputStream {
    private boolean ended;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (ended || len == 0) {
        return ended ? -1 : 0;
      }
      while (true) {
        int found = indexOf(delimiter, position, limit);
        int available = found >= 0 ? found - position : limit - position - (delimiter.length - 1);
        if (available > 0) {
          int n = Math.min(len, available);
          System.arraycopy(buffer, position, b, off, n);
          position += n;
          return n;
        }
        if (found == position) {
          position += delimiter.length;
          ended = true;
          return -1;
        }
        if (eof) {
          throw malformed("it ends inside a part, without the closing boundary");
        }
        fill(limit - position + 1);
      }
    }

    void skip() throws IOException {
      byte[] sink = new byte[BUFFER];
      while (read(sink, 0, sink.length) >= 0) {
        // drained
      }
    }
  }
}
