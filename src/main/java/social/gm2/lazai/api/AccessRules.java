package social.gm2.lazai.api;

import java.util.List;
import java.util.Set;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which requests need no key, and where a browser may prove the key with HTTP Basic. Everything
 * else needs a key: the list below is the whole of what is public. Paths are matched with Spring's
 * {@link PathPattern}s on the path {@link StrictPathFilter} has already found plain, so they match
 * exactly what Spring MVC routes on (case, trailing slash and all).
 */
final class AccessRules {
  private static final Set<String> READS = Set.of("GET", "HEAD");

  /**
   * Public reads (GET and HEAD only): a mint's status and its badge (what a token's page embeds),
   * the load balancer's health, the local IPFS gateway (share URLs go on chain and to the node),
   * and the OpenAPI document with Swagger UI (describing the API reveals no data).
   */
  static final List<String> PUBLIC_READS =
      List.of(
          "/api/v1/mints/{tokenAddress}",
          "/api/v1/tokens/{tokenAddress}/badge.svg",
          "/api/v1/tokens/{tokenAddress}/badge.json",
          "/actuator/health",
          "/actuator/health/**",
          "/healthz",
          "/ipfs/{cid}",
          "/v3/api-docs",
          "/v3/api-docs/**",
          "/swagger-ui.html",
          "/swagger-ui/**");

  /**
   * The browser UIs, where the key may also come as the HTTP Basic password and where form posts
   * must come from the same origin: the dashboard, and Bull Board.
   */
  static final List<String> BASIC_PATHS = List.of("/dashboard/**", "/admin/queues/**");

  private static final List<PathPattern> PUBLIC = parse(PUBLIC_READS);
  private static final List<PathPattern> BASIC = parse(BASIC_PATHS);

  private AccessRules() {}

  /** Whether {@code method path} may be served without a key. */
  static boolean isPublic(String method, String path) {
    return READS.contains(method) && matches(PUBLIC, path);
  }

  /** Whether HTTP Basic is accepted (and same-origin posts required) on {@code path}. */
  static boolean isBasicPath(String path) {
    return matches(BASIC, path);
  }

  /** Whether the method only reads (form posts elsewhere must come from the same origin). */
  static boolean isRead(String method) {
    return READS.contains(method);
  }

  private static boolean matches(List<PathPattern> patterns, String path) {
    PathContainer container = PathContainer.parsePath(path);
    return patterns.stream().anyMatch(p -> p.matches(container));
  }

  private static List<PathPattern> parse(List<String> patterns) {
    return patterns.stream().map(PathPatternParser.defaultInstance::parse).toList();
  }
}
