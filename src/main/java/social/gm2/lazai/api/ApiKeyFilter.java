package social.gm2.lazai.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards the write endpoints of {@code /api/v1}, the queue admin endpoints and the dashboard. A
 * caller proves a key with the {@code X-API-Key} header, or (for a browser on the dashboard) with
 * HTTP Basic and the key as password. Without configured keys these paths are refused outright
 * (403): an open write API by accident is worse than a closed one. Dashboard form posts must also
 * come from the dashboard's own origin, since a browser re-sends Basic credentials cross-site.
 */
final class ApiKeyFilter extends OncePerRequestFilter {
  static final String HEADER = "X-API-Key";
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private final ApiKeys keys;
  private final JsonMapper json;

  ApiKeyFilter(ApiKeys keys, JsonMapper json) {
    this.keys = keys;
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    boolean dashboard = path.equals("/dashboard") || path.startsWith("/dashboard/");
    boolean guarded =
        dashboard
            || path.startsWith("/api/v1/queues")
            || path.startsWith("/api/v1/") && !READS.contains(request.getMethod());
    if (!guarded) {
      chain.doFilter(request, response);
      return;
    }
    if (!keys.configured()) {
      refuse(
          response,
          HttpStatus.FORBIDDEN,
          "No API keys are configured (lazai.api.keys), so write"
              + " endpoints and the dashboard are disabled.",
          path,
          false);
    } else if (!keys.matches(presentedKey(request))) {
      refuse(
          response,
          HttpStatus.UNAUTHORIZED,
          "A valid API key is required in the "
              + HEADER
              + " header (or as the HTTP Basic password).",
          path,
          dashboard);
    } else if (dashboard && !READS.contains(request.getMethod()) && crossSite(request)) {
      refuse(
          response,
          HttpStatus.FORBIDDEN,
          "Dashboard forms must be posted from the dashboard.",
          path,
          false);
    } else {
      chain.doFilter(request, response);
    }
  }

  private static String presentedKey(HttpServletRequest request) {
    String header = request.getHeader(HEADER);
    if (header != null) {
      return header;
    }
    String auth = request.getHeader("Authorization");
    if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String pair =
          new String(Base64.getDecoder().decode(auth.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? null : pair.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A post whose Origin is another site's, or that the browser marks as cross-site. */
  static boolean crossSite(HttpServletRequest request) {
    String fetchSite = request.getHeader("Sec-Fetch-Site");
    if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
      return true;
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      String host = request.getHeader("Host");
      return host == null || uri.getAuthority() == null || !uri.getAuthority().equals(host);
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  private void refuse(
      HttpServletResponse response, HttpStatus status, String detail, String path, boolean basic)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setInstance(URI.create(path.replaceAll("[^A-Za-z0-9/._~-]", "")));
    response.setStatus(status.value());
    if (basic) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"LazAI dashboard\", charset=\"UTF-8\"");
    }
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(json.writeValueAsString(problem));
  }
}
