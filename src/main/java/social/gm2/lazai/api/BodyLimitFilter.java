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
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import social.gm2.lazai.mint.PayloadLimit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a request body larger than the limit with 413 before anything parses it: a declared
 * {@code Content-Length} over the limit is answered at once (and the connection closed, so the rest
 * is never read); a body without one (chunked) is counted while it is read and fails with {@link
 * BodyTooLargeException} when it passes the limit, which {@link ProblemHandler} answers with 413.
 */
final class BodyLimitFilter extends OncePerRequestFilter {
  private final long limit;
  private final JsonMapper json;

  BodyLimitFilter(long limit, JsonMapper json) {
    this.limit = limit;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > limit) {
      response.setHeader("Connection", "close");
      ProblemResponse.write(
          json,
          response,
          HttpStatus.CONTENT_TOO_LARGE,
          tooLarge(declared + " bytes", limit),
          StrictPathFilter.rawPath(request));
      return;
    }
    chain.doFilter(new Limited(request, limit), response);
  }

  static String tooLarge(String size, long limit) {
    return "The request body has "
        + size
        + ", more than the limit of "
        + limit
        + " bytes derived from "
        + PayloadLimit.rule()
        + ".";
  }

  /** A body that passed the limit while it was read. */
  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    BodyTooLargeException(long limit) {
      super("request body over " + limit + " bytes");
      this.limit = limit;
    }

    long limit() {
      return limit;
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), limit);
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
    private long count;

    Counting(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
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
        throw new BodyTooLargeException(limit);
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
