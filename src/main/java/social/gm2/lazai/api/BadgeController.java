package social.gm2.lazai.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import social.gm2.lazai.mint.MintQueries;
import social.gm2.lazai.mint.MintState;

/**
 * A token's "AI-attested" badge, as SVG for a README or web page and as shields.io endpoint JSON.
 * Attested badges are cached for an hour (an attestation is final once confirmed); "not attested"
 * ones for a minute, so a fresh attestation shows soon. Both carry an ETag.
 */
@Tag(name = "badges", description = "A token's AI-attested badge (public)")
@RestController
class BadgeController {
  private static final CacheControl ATTESTED =
      CacheControl.maxAge(Duration.ofHours(1)).cachePublic();
  private static final CacheControl PENDING =
      CacheControl.maxAge(Duration.ofMinutes(1)).cachePublic();
  private static final MediaType SVG = MediaType.parseMediaType("image/svg+xml;charset=UTF-8");

  private final MintQueries queries;
  private final ApiProperties api;

  BadgeController(MintQueries queries, ApiProperties api) {
    this.queries = queries;
    this.api = api;
  }

  @Operation(operationId = "getBadgeSvg", summary = "The badge as SVG")
  @GetMapping("/api/v1/tokens/{tokenAddress}/badge.svg")
  ResponseEntity<String> svg(
      @PathVariable String tokenAddress,
      @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
    Badge badge = badge(tokenAddress);
    return answer(badge, badge.svg(), SVG, ifNoneMatch);
  }

  @Operation(operationId = "getBadge", summary = "The badge as shields.io endpoint JSON")
  @GetMapping("/api/v1/tokens/{tokenAddress}/badge.json")
  ResponseEntity<String> json(
      @PathVariable String tokenAddress,
      @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
    Badge badge = badge(tokenAddress);
    return answer(badge, badge.json(), MediaType.APPLICATION_JSON, ifNoneMatch);
  }

  private Badge badge(String tokenAddress) {
    String token = TokenPath.parse(tokenAddress);
    return queries
        .find(token)
        .filter(r -> r.mint().state() == MintState.ATTESTED)
        .map(r -> Badge.of(r.attestationTxHash(), api.explorerUrl()))
        .orElseGet(() -> Badge.of(null, api.explorerUrl()));
  }

  private static ResponseEntity<String> answer(
      Badge badge, String body, MediaType type, String ifNoneMatch) {
    String etag = Badge.etag(body);
    CacheControl cache = badge.attested() ? ATTESTED : PENDING;
    if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cache).build();
    }
    return ResponseEntity.ok().contentType(type).eTag(etag).cacheControl(cache).body(body);
  }
}
