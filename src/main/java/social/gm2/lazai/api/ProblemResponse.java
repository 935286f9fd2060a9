package social.gm2.lazai.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem from a servlet filter, before Spring MVC (and its {@link
 * ProblemHandler}) is reached. The instance is the path with every character outside a safe set
 * dropped, so a hostile path is never echoed.
 */
final class ProblemResponse {
  private ProblemResponse() {}

  static void write(
      JsonMapper json, HttpServletResponse response, HttpStatus status, String detail, String path)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(URI.create(safePath(path)));
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(json.writeValueAsString(problem));
  }

  static String safePath(String path) {
    String safe = path == null ? "" : path.replaceAll("[^A-Za-z0-9/._~-]", "");
    return safe.length() > 200 ? safe.substring(0, 200) : safe;
  }
}
