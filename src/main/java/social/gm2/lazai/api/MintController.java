package social.gm2.lazai.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
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
import social.gm2.lazai.inference.InferenceFees;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintQueries;
import social.gm2.lazai.mint.MintRequest;
import social.gm2.lazai.mint.MintService;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.PermissionGrants;
import social.gm2.lazai.mint.PlaintextSpool;

/**
 * The mints over REST. A submission is validated, encrypted and stored on the request thread, then
 * runs on the mint runner. The first POST of a token answers 202 Accepted; a later one answers 200
 * OK with the mint the token already has (nothing is submitted again).
 */
@Tag(name = "mints", description = "Submit mints and follow them")
@RestController
@RequestMapping(path = "/api/v1/mints", produces = MediaType.APPLICATION_JSON_VALUE)
class MintController {

  private final MintService service;
  private final MintQueries queries;
  private final ApiProperties api;
  private final PermissionGrants permissions;
  private final InferenceFees fees;

  MintController(
      MintService service,
      MintQueries queries,
      ApiProperties api,
      PermissionGrants permissions,
      InferenceFees fees) {
    this.service = service;
    this.queries = queries;
    this.api = api;
    this.permissions = permissions;
    this.fees = fees;
  }

  @Operation(operationId = "submitMint", summary = "Submits a mint (JSON, form or raw body)")
  @SecurityRequirement(name = "apiKey")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<MintAccepted> submit(@RequestBody MintSubmission body) {
    MintService.Submission submitted =
        service.submit(body.tokenAddress(), body.fileName(), body.privacyData());
    return answer(submitted.mint(), submitted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK);
  }

  /**
   * A file as a {@code multipart/form-data} form: a {@code file} part, a {@code tokenAddress} part
   * and an optional {@code fileName} part (the file part's own file name by default). The file is
   * streamed through the size check into the cipher; parts other than these are skipped.
   */
  @Operation(operationId = "submitMint", summary = "Submits a mint (JSON, form or raw body)")
  @SecurityRequirement(name = "apiKey")
  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<MintAccepted> submitForm(HttpServletRequest request) throws IOException {
    return submitted(UploadForm.submit(request, service));
  }

  /**
   * A file as the raw request body ({@code application/octet-stream}), with {@code tokenAddress}
   * and an optional {@code fileName} (the token's address with {@code .bin} by default) as query
   * parameters. The token is checked before the body is read.
   */
  @Operation(operationId = "submitMint", summary = "Submits a mint (JSON, form or raw body)")
  @SecurityRequirement(name = "apiKey")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      description = "The data, 1 byte to lazai.mint.max-data-size",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
              schema = @Schema(type = "string", format = "binary")))
  @PostMapping(consumes = MediaType.APPLICATION_OCTET_STREAM_VALUE)
  ResponseEntity<MintAccepted> submitRaw(
      @RequestParam(required = false) String tokenAddress,
      @RequestParam(required = false) String fileName,
      HttpServletRequest request)
      throws IOException {
    String token = MintRequest.token(tokenAddress);
    String name = fileName == null || fileName.isBlank() ? token + ".bin" : fileName;
    MintRequest.fields(token, name);
    try (PlaintextSpool data = service.spool(request.getInputStream(), "body")) {
      return submitted(service.submit(token, name, data));
    }
  }

  private static ResponseEntity<MintAccepted> submitted(MintService.Submission submitted) {
    return answer(submitted.mint(), submitted.created() ? HttpStatus.ACCEPTED : HttpStatus.OK);
  }

  @Operation(operationId = "getMint", summary = "A mint: its state, steps, transactions and DAT")
  @GetMapping("/{tokenAddress}")
  MintView get(@PathVariable String tokenAddress) {
    String token = TokenPath.parse(tokenAddress);
    return queries
        .find(token)
        .map(r -> MintView.of(r, api, fees.usage(token)))
        .orElseThrow(() -> ApiException.notFound(token));
  }

  @Operation(operationId = "listMints", summary = "Mints, newest first, by state if given")
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
    Map<String, InferenceFees.Usage> usage =
        fees.usage(found.mints().stream().map(r -> r.mint().tokenAddress()).toList());
    return new MintPage(
        found.mints().stream()
            .map(
                r ->
                    MintView.of(
                        r,
                        api,
                        usage.getOrDefault(r.mint().tokenAddress(), InferenceFees.Usage.NONE)))
            .toList(),
        page,
        size,
        found.total());
  }

  /** Puts a FAILED mint back where it failed (409 for any other state) and runs it again. */
  @Operation(operationId = "retryMint", summary = "Runs a FAILED mint again")
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
  @Operation(
      operationId = "grantPermission",
      summary = "Grants the DataRegistry the file's permission")
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
