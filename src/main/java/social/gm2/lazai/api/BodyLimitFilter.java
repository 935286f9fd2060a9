package social.gm2.lazai.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import social.gm2.lazai.mint.PayloadLimit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a request body larger than the limit with 413 before anything parses it. The limit
 * depends on how the data travels: a raw body ({@code application/octet-stream}) may carry {@code
 * lazai.mint.max-data-size} bytes, a {@code multipart/form-data} form that plus 64 KiB for its
 * other parts and headers, anything else (JSON) the JSON limit of {@link PayloadLimit}. A declared
 * {@code Content-Length} over the limit is answered at once (and the connection closed, so the rest
 * is never read); a body without one (chunked) is counted while it is read and fails with {@link
 * BodyTooLargeException} when it passes the limit, which {@link ProblemHandler} answers with 413.
 */
final class BodyLimitFilter extends OncePerRequestFilter {
  private final long limit;
  private final long maxDataSize;
  private final JsonMapper json;

  /**
   * @param limit the JSON limit
   * @param maxDataSize {@code lazai.mint.max-data-size}
   */
  BodyLimitFilter(long limit, long maxDataSize, JsonMapper json) {
    this.limit = limit;
    this.maxDataSize = maxDataSize;
    this.json = json;
  }

  /** The limit of a body of this content type (null: none given). */
  long limitFor(String contentType) {
    String type = contentType == null ? "" : contentType.strip().toLowerCase(Locale.ROOT);
    if (type.startsWith("application/octet-stream")) {
      return maxDataSize;
    }
    if (type.startsWith("multipart/form-data")) {
      return maxDataSize + PayloadLimit.SLACK;
    }
    return limit;
  }

  /** How {@link #limitFor} derived a limit, for messages. */
  static String ruleFor(long limit, long maxDataSize) {
    if (limit == maxDataSize) {
      return "lazai.mint.max-data-size";
    }
    if (limit == maxDataSize + PayloadLimit.SLACK) {
      return "lazai.mint.max-data-size (+ 64 KiB for the form's other parts)";
    }
    return PayloadLimit.rule();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    long limit = limitFor(request.getContentType());
    if (declared > limit) {
      response.setHeader("Connection", "close");
      ProblemResponse.write(
          json,
          response,
          HttpStatus.CONTENT_TOO_LARGE,
          tooLarge(declared + " bytes", limit, ruleFor(limit, maxDataSize)),
          StrictPathFilter.rawPath(request));
      return;
    }
    chain.doFilter(new Limited(request, limit, ruleFor(limit, maxDataSize)), response);
  }

  static String tooLarge(String size, long limit, String rule) {
    return "The request body has "
        + size
        + ", more than the limit of "
        + limit
        + " bytes derived from "
        + rule
        + ".";
  }

  /** A body that passed the limit while it was read. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;
    private final String rule;

    BodyTooLargeException(long limit, String rule) {
      super("request body over " + limit + " bytes");
      this.limit = limit;
      this.rule = rule;
    }

    long limit() {
      return limit;
    }

    String rule() {
      return rule;
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;
    private final String rule;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long limit, String rule) {
      super(request);
      this.limit = limit;
      this.rule = rule;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), limit, rule);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private final String rule;
    private long count;

    Counting(ServletInputStream in, long limit, String rule) {
      this.in = in;
      this.limit = limit;
      this.rule = rule;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    private void counted(int n) throws BodyTooLargeException {
      count += n;
      if (count > limit) {
        throw new BodyTooLargeException(limit, rule);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
