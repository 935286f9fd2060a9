package social.gm2.lazai.api;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintQueries;
import social.gm2.lazai.mint.MintService;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.PermissionGrants;

/**
 * The mints over REST. A submission is validated, encrypted and stored on the request thread, then
 * runs on the mint runner. The first POST of a token answers 202 Accepted; a later one answers 200
 * OK with the mint the token already has (nothing is submitted again).
 */
@RestController
@RequestMapping(path = "/api/v1/mints", produces = MediaType.APPLICATION_JSON_VALUE)
class MintController {
  private final MintService service;
  private final MintQueries queries;
  private final ApiProperties api;
  private final PermissionGrants permissions;

  MintController(
      MintService service, MintQueries queries, ApiProperties api, PermissionGrants permissions) {
    this.service = service;
    this.queries = queries;
    this.api = api;
    this.permissions = permissions;
  }

  @SecurityRequirement(name = "apiKey")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<MintAccepted> submit(@RequestBody MintSubmission body) {
    MintService.Submission submitted =
        service.submit(body.tokenAddress(), body.fileName(), body.privacyData());
    return answer(submitted.mint(), submitted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK);
  }

  @GetMapping("/{tokenAddress}")
  MintView get(@PathVariable String tokenAddress) {
    String token = TokenPath.parse(tokenAddress);
    return queries
        .find(token)
        .map(r -> MintView.of(r, api))
        .orElseThrow(() -> ApiException.notFound(token));
  }

  @SecurityRequirement(name = "apiKey")
  @GetMapping
  MintPage list(
      @RequestParam(required = false) MintState state,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    if (page < 0 || size < 1 || size > api.maxPageSize()) {
      throw ApiException.badRequest(
          "page must be 0 or more and size 1 to " + api.maxPageSize() + ".");
    }
    MintQueries.Page found = queries.page(state, page, size);
    return new MintPage(
        found.mints().stream().map(r -> MintView.of(r, api)).toList(), page, size, found.total());
  }

  /** Puts a FAILED mint back where it failed (409 for any other state) and runs it again. */
  @SecurityRequirement(name = "apiKey")
  @PostMapping("/{tokenAddress}/retry")
  ResponseEntity<MintAccepted> retry(@PathVariable String tokenAddress) {
    return answer(service.retry(TokenPath.parse(tokenAddress)), HttpStatus.ACCEPTED);
  }

  /**
   * Grants the DataRegistry the mint's file permission, for a mint registered without it; 200 with
   * the mint when granted now or before, 409 when it cannot be (no file yet, imported, a file owned
   * by another wallet, no registry key, granting turned off).
   */
  @SecurityRequirement(name = "apiKey")
  @PostMapping("/{tokenAddress}/permission")
  MintView permission(@PathVariable String tokenAddress) {
    String token = TokenPath.parse(tokenAddress);
    permissions.grant(token);
    return get(token);
  }

  private static ResponseEntity<MintAccepted> answer(Mint mint, HttpStatus status) {
    String url = "/api/v1/mints/" + mint.tokenAddress();
    return ResponseEntity.status(status)
        .location(URI.create(url))
        .body(new MintAccepted(mint.tokenAddress(), mint.state(), url));
  }
}
