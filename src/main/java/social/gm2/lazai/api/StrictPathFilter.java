package social.gm2.lazai.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses, with 400 and before routing, every request whose raw path could be read two ways: with a
 * path parameter ({@code ;}), any percent-escape, a backslash, an empty segment ({@code //}), a
 * {@code .} or {@code ..} segment, or a control, space or non-ASCII character. None of the
 * service's routes needs any of these (token addresses, CIDs and fixed names), so after this filter
 * the raw path is exactly the path Spring MVC routes on, and {@link ApiKeyFilter} decides on that
 * path.
 */
final class StrictPathFilter extends OncePerRequestFilter {
  private final JsonMapper json;

  StrictPathFilter(JsonMapper json) {
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = rawPath(request);
    if (clean(path)) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("Connection", "close");
    ProblemResponse.write(
        json,
        response,
        HttpStatus.BAD_REQUEST,
        "The request path must be plain: no ';', '%' escapes, '\\', '//', '.' or '..' segments,"
            + " spaces, control or non-ASCII characters.",
        path);
  }

  /** The path as the client sent it, without the context path. */
  static String rawPath(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return uri != null && context != null && uri.startsWith(context)
        ? uri.substring(context.length())
        : uri;
  }

  /** Whether {@code path} has one reading only; see the class comment. */
  static boolean clean(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ';' || c == '%' || c == '\\') {
        return false;
      }
    }
    if (path.contains("//")) {
      return false;
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
