package social.gm2.lazai.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Headers every answer carries, set before anything else runs so that refusals carry them too:
 * {@code X-Content-Type-Options: nosniff} everywhere; {@code Cache-Control: no-store} on everything
 * but the badge and the IPFS gateway, which set their own caching (an answer that sets its own
 * {@code Cache-Control} replaces it); on the dashboard a {@code Content-Security-Policy} that
 * allows only the page's own inline style and script and no framing, and {@code X-Frame-Options:
 * DENY} for browsers without CSP.
 */
final class SecurityHeadersFilter extends OncePerRequestFilter {
  private static final List<PathPattern> OWN_CACHING =
      parse(
          "/api/v1/tokens/{tokenAddress}/badge.svg",
          "/api/v1/tokens/{tokenAddress}/badge.json",
          "/ipfs/**");
  private static final List<PathPattern> DASHBOARD = parse("/dashboard/**");
  private static final List<PathPattern> BULL_BOARD = parse(BullBoardController.BASE + "/**");

  /**
   * Bull Board's page: its own scripts, styles (it sets inline styles), images and API only; no
   * fonts or anything else from outside the service.
   */
  static final String BULL_BOARD_POLICY =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'"
          + " data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("X-Content-Type-Options", "nosniff");
    String path = StrictPathFilter.rawPath(request);
    boolean plain = StrictPathFilter.clean(path);
    PathContainer container = plain ? PathContainer.parsePath(path) : null;
    if (!plain || OWN_CACHING.stream().noneMatch(p -> p.matches(container))) {
      response.setHeader("Cache-Control", "no-store");
    }
    if (plain && DASHBOARD.stream().anyMatch(p -> p.matches(container))) {
      response.setHeader("Content-Security-Policy", DashboardPage.CONTENT_SECURITY_POLICY);
      response.setHeader("X-Frame-Options", "DENY");
    }
    if (plain && BULL_BOARD.stream().anyMatch(p -> p.matches(container))) {
      response.setHeader("Content-Security-Policy", BULL_BOARD_POLICY);
      response.setHeader("X-Frame-Options", "DENY");
    }
    chain.doFilter(request, response);
  }

  private static List<PathPattern> parse(String... patterns) {
    return List.of(patterns).stream().map(PathPatternParser.defaultInstance::parse).toList();
  }
}
