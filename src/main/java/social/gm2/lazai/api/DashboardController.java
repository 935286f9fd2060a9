package social.gm2.lazai.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import social.gm2.lazai.inference.InferenceFees;
import social.gm2.lazai.mint.DataTooLargeException;
import social.gm2.lazai.mint.InvalidMintRequestException;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintProperties;
import social.gm2.lazai.mint.MintQueries;
import social.gm2.lazai.mint.MintService;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStateConflictException;
import social.gm2.lazai.mint.NoSuchMintException;
import social.gm2.lazai.mint.PayloadLimit;
import social.gm2.lazai.queue.QueueUnavailableException;
import social.gm2.lazai.queue.Queues;
import social.gm2.lazai.webhook.Deliveries;
import social.gm2.lazai.webhook.DeliveryStatus;

/**
 * The operator dashboard ({@link ApiKeyFilter} requires a key: HTTP Basic, the key as password).
 * Forms post back here and redirect to the page (post/redirect/get), so a reload never submits
 * twice.
 */
@Controller
class DashboardController {
  private static final int ROWS = 50;
  private static final int FAILED_JOBS = 10;

  private final MintService service;
  private final MintQueries queries;
  private final Queues queues;
  private final MintProperties mintProperties;
  private final ApiProperties api;
  private final Deliveries webhooks;
  private final InferenceFees fees;

  DashboardController(
      MintService service,
      MintQueries queries,
      Queues queues,
      MintProperties mintProperties,
      ApiProperties api,
      Deliveries webhooks,
      InferenceFees fees) {
    this.service = service;
    this.queries = queries;
    this.queues = queues;
    this.mintProperties = mintProperties;
    this.api = api;
    this.webhooks = webhooks;
    this.fees = fees;
  }

  @GetMapping(path = "/dashboard", produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  ResponseEntity<String> page(
      @RequestParam(required = false) MintState state,
      @RequestParam(required = false) String message,
      @RequestParam(defaultValue = "true") boolean reload) {
    return page(HttpStatus.OK, state, message, reload);
  }

  @PostMapping(path = "/dashboard/mints", produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  ResponseEntity<String> submit(
      @RequestParam(required = false) String tokenAddress,
      @RequestParam(required = false) String fileName,
      @RequestParam(required = false) String privacyData) {
    try {
      byte[] data = privacyData == null ? null : privacyData.getBytes(StandardCharsets.UTF_8);
      Mint mint = service.submit(tokenAddress, fileName, data).mint();
      return redirect("Submitted " + mint.tokenAddress() + ".");
    } catch (InvalidMintRequestException e) {
      return page(HttpStatus.BAD_REQUEST, null, "Not submitted: " + e.getMessage(), false);
    }
  }

  /** The file form: the API's multipart upload ({@link UploadForm}), answered as a page. */
  @PostMapping(
      path = "/dashboard/uploads",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
      produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  ResponseEntity<String> upload(HttpServletRequest request) throws IOException {
    try {
      Mint mint = UploadForm.submit(request, service).mint();
      return redirect("Submitted " + mint.tokenAddress() + ".");
    } catch (InvalidMintRequestException | ApiException e) {
      return page(HttpStatus.BAD_REQUEST, null, "Not submitted: " + e.getMessage(), false);
    } catch (DataTooLargeException e) {
      return page(HttpStatus.CONTENT_TOO_LARGE, null, "Not submitted: " + e.getMessage(), false);
    }
  }

  @PostMapping(path = "/dashboard/mints/{tokenAddress}/retry", produces = MediaType.TEXT_HTML_VALUE)
  @ResponseBody
  ResponseEntity<String> retry(@PathVariable String tokenAddress) {
    String token = TokenPath.parse(tokenAddress);
    try {
      service.retry(token);
      return redirect("Retrying " + token + ".");
    } catch (MintStateConflictException | NoSuchMintException e) {
      return page(HttpStatus.CONFLICT, null, "Not retried: " + e.getMessage(), false);
    }
  }

  private ResponseEntity<String> page(
      HttpStatus status, MintState state, String message, boolean reload) {
    List<FailedJob> failed = failedJobs();
    Set<String> tokens = new HashSet<>();
    failed.forEach(j -> tokens.add(j.tokenAddress()));
    tokens.remove(null);
    List<MintQueries.MintRecord> mints = queries.page(state, 0, ROWS).mints();
    var view =
        new DashboardPage.View(
            QueueController.counts(queues),
            failed,
            queries.states(tokens),
            mints,
            queries.attestationBacklog(ROWS),
            fees.usage(mints.stream().map(r -> r.mint().tokenAddress()).toList()));
    String section =
        WebhookSection.render(webhooks.counts(), webhooks.list(DeliveryStatus.FAILED, FAILED_JOBS));
    String html = new DashboardPage(api).render(view, section, message, reload);
    return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).body(html);
  }

  private List<FailedJob> failedJobs() {
    long payloadLimit = PayloadLimit.jsonBytes(mintProperties.maxDataSize().toBytes());
    List<FailedJob> failed = new ArrayList<>();
    for (String name : QueueController.QUEUES) {
      try {
        queues
            .queue(name)
            .failed(FAILED_JOBS, FailedJob.TOKEN_FIELD, payloadLimit)
            .forEach(j -> failed.add(FailedJob.of(name, j)));
      } catch (QueueUnavailableException e) {
        // The queue table shows the queue as unavailable.
      }
    }
    return failed;
  }

  private static ResponseEntity<String> redirect(String message) {
    String query = java.net.URLEncoder.encode(message, StandardCharsets.UTF_8);
    return ResponseEntity.status(HttpStatus.SEE_OTHER)
        .location(URI.create("/dashboard?message=" + query))
        .build();
  }
}
