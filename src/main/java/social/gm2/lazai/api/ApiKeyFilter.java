package social.gm2.lazai.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deny by default: every request needs one of the API keys except the public reads of {@link
 * AccessRules}. The key comes in the {@code X-API-Key} header; on the browser UIs ({@link
 * AccessRules#BASIC_PATHS}) also as the HTTP Basic password. Without configured keys every
 * protected request is refused (403): an open write API by accident is worse than a closed one.
 * Posts to the browser UIs must also come from their own origin, since a browser re-sends Basic
 * credentials cross-site.
 *
 * <p>The decision is made on the raw path, which {@link StrictPathFilter} (ordered before this one)
 * has found to be the path Spring MVC routes on; a path it would refuse is treated as protected
 * here too, so a mistake in the filter order cannot open anything.
 */
final class ApiKeyFilter extends OncePerRequestFilter {
  static final String HEADER = "X-API-Key";

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
    String path = StrictPathFilter.rawPath(request);
    String method = request.getMethod();
    boolean plain = StrictPathFilter.clean(path);
    if (plain && AccessRules.isPublic(method, path)) {
      chain.doFilter(request, response);
      return;
    }
    boolean basic = plain && AccessRules.isBasicPath(path);
    if (!keys.configured()) {
      refuse(
          response,
          HttpStatus.FORBIDDEN,
          "No API keys are configured (lazai.api.keys), so every endpoint but the public reads"
              + " is disabled.",
          path,
          false);
    } else if (!keys.matches(presentedKey(request, basic))) {
      refuse(
          response,
          HttpStatus.UNAUTHORIZED,
          "A valid API key is required in the "
              + HEADER
              + " header"
              + (basic ? " (or as the HTTP Basic password)." : "."),
          path,
          basic);
    } else if (basic && !AccessRules.isRead(method) && crossSite(request)) {
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

  /** The {@code X-API-Key} header, or where {@code basicAllowed} the Basic password. */
  private static String presentedKey(HttpServletRequest request, boolean basicAllowed) {
    String header = request.getHeader(HEADER);
    if (header != null || !basicAllowed) {
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
    if (basic) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"LazAI dashboard\", charset=\"UTF-8\"");
    }
    ProblemResponse.write(json, response, status, detail, path);
  }
}
