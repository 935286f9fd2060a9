package social.gm2.lazai.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import social.gm2.lazai.webhook.Deliveries;
import social.gm2.lazai.webhook.DeliveryStatus;
import social.gm2.lazai.webhook.DeliveryView;

/** The webhook outbox's deliveries (API key required): what was sent, what is still tried. */
@Tag(name = "webhooks", description = "The webhook outbox")
@RestController
class WebhookController {
  private static final int MAX_LIMIT = 500;

  private final Deliveries deliveries;

  WebhookController(Deliveries deliveries) {
    this.deliveries = deliveries;
  }

  @Operation(
      operationId = "listWebhookDeliveries",
      summary = "Webhook deliveries, newest first",
      description =
          "status: pending, delivered or failed (all when absent); limit: 1-500 (50). A FAILED"
              + " delivery was tried for lazai.webhooks.retry-for (24 h) without a 2xx answer.")
  @SecurityRequirement(name = "apiKey")
  @GetMapping(path = "/api/v1/webhooks/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
  List<DeliveryView> deliveries(
      @RequestParam(required = false) String status, @RequestParam(defaultValue = "50") int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    return deliveries.list(status(status), limit);
  }

  @Operation(operationId = "getWebhookDeliveryCounts", summary = "Deliveries per status")
  @SecurityRequirement(name = "apiKey")
  @GetMapping(
      path = "/api/v1/webhooks/deliveries/counts",
      produces = MediaType.APPLICATION_JSON_VALUE)
  Map<DeliveryStatus, Long> counts() {
    return deliveries.counts();
  }

  private static DeliveryStatus status(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return DeliveryStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("status must be pending, delivered or failed");
    }
  }
}
