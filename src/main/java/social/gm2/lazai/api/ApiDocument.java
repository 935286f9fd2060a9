package social.gm2.lazai.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Completes the OpenAPI document springdoc derives from the controllers, so that a client can be
 * generated from it ({@code src/test/resources/openapi/lazai-api.json} is the committed copy that
 * {@code GeneratedClientIT} compares and generates a Java client from): every request and answer
 * has a named schema, every 4xx and 5xx an {@code application/problem+json} {@link
 * ApiSchemas#PROBLEM}, the statuses each operation really answers, and examples.
 */
final class ApiDocument {
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final String JSON = "application/json";
  private static final String MINTS = "/api/v1/mints";
  private static final String CHAT = "/chat/completions";

  private ApiDocument() {}

  static void complete(OpenAPI openApi) {
    if (openApi.getPaths() == null || openApi.getComponents() == null) {
      return;
    }
    ApiSchemas.complete(openApi.getComponents());
    openApi
        .getComponents()
        .addSchemas(
            "QueueCounts",
            new ObjectSchema()
                .description(
                    "Jobs per state of each of the original service's queues; null for a queue"
                        + " whose store cannot be reached.")
                .additionalProperties(counts("Jobs per state").nullable(true)))
        .addSchemas("DeliveryCounts", counts("Webhook deliveries per status."));
    openApi.getPaths().forEach(ApiDocument::complete);
  }

  private static void complete(String path, PathItem item) {
    item.readOperationsMap()
        .forEach(
            (method, op) -> {
              if (op.getParameters() != null) {
                op.getParameters().forEach(p -> p.setSchema(ApiSchemas.named(p.getSchema())));
              }
              special(path, method, op);
              errors(path, method, op);
            });
  }

  /** What springdoc cannot see in the controllers' signatures. */
  private static void special(String path, PathItem.HttpMethod method, Operation op) {
    ApiResponses responses = op.getResponses();
    if (responses == null || !responses.containsKey("200")) {
      return; // nothing to complete (a retry completed already)
    }
    if (path.equals(MINTS) && method == PathItem.HttpMethod.POST) {
      uploadForms(op);
      ApiResponse ok = responses.get("200");
      responses.remove("200");
      responses.addApiResponse(
          "202",
          copy(ok, "A new mint, accepted: it runs from here; follow it at url")
              .headers(location()));
      responses.addApiResponse(
          "200",
          copy(
                  ok,
                  "The token already has a mint, which is answered (nothing is sent"
                      + " again, the first data stays)")
              .headers(location()));
    } else if (path.endsWith("/retry")) {
      ApiResponse ok = responses.remove("200");
      responses.addApiResponse(
          "202",
          copy(ok, "The failed mint runs again from the state it failed in").headers(location()));
    } else if (path.endsWith("/badge.json")) {
      badge(responses, JSON, ApiSchemas.refTo(ApiSchemas.BADGE));
    } else if (path.endsWith("/badge.svg")) {
      // binary: a generated client saves the image as it came (a string it would parse as JSON)
      badge(responses, "image/svg+xml", new BinarySchema());
    } else if (path.endsWith(CHAT)) {
      chat(responses.get("200"));
    } else if (path.equals("/api/v1/queues")) {
      named(responses, "QueueCounts");
    } else if (path.equals("/api/v1/webhooks/deliveries/counts")) {
      named(responses, "DeliveryCounts");
    }
  }

  /**
   * The mint's three request bodies, JSON first (a generated client sends the first): a form and a
   * raw body carry a file as it is.
   */
  private static void uploadForms(Operation op) {
    Content sent = op.getRequestBody().getContent();
    Content ordered = new Content();
    ordered.addMediaType(JSON, sent.get(JSON));
    ordered.addMediaType(
        "multipart/form-data", new MediaType().schema(ApiSchemas.refTo(ApiSchemas.MINT_UPLOAD)));
    ordered.addMediaType("application/octet-stream", sent.get("application/octet-stream"));
    if (op.getParameters() != null) {
      op.getParameters()
          .forEach(
              p ->
                  p.description(
                      "tokenAddress".equals(p.getName())
                          ? "With a raw body only: the token address (0x and 40 hex digits)"
                          : "With a raw body only: the file name (<token>.bin by default)"));
    }
    op.getRequestBody()
        .required(true)
        .description(
            "The mint as JSON (the data as an array of byte values), as a multipart/form-data"
                + " form (a file part), or as the raw application/octet-stream body with"
                + " tokenAddress and fileName as query parameters.")
        .content(ordered);
  }

  /** The node's answer: a chat.completion, or its chunks as server-sent events when streamed. */
  private static void chat(ApiResponse ok) {
    ok.description(
            "The node's answer: a chat.completion (application/json), or with \"stream\": true"
                + " its chat.completion.chunk events (text/event-stream), each a data: line of"
                + " JSON, ending with data: [DONE]. Errors after the first event end the stream.")
        .content(
            new Content()
                .addMediaType(
                    JSON, new MediaType().schema(ApiSchemas.refTo(ChatSchemas.COMPLETION)))
                .addMediaType(
                    "text/event-stream",
                    new MediaType()
                        .schema(
                            new StringSchema()
                                .description("Server-sent events, one chunk per data: line")
                                .example(
                                    "data: {\"object\":\"chat.completion.chunk\",\"choices\":"
                                        + "[{\"index\":0,\"delta\":{\"content\":\"The"
                                        + " code\"}}]}\n\ndata: [DONE]\n\n"))));
  }

  private static void badge(ApiResponses responses, String type, Schema<?> schema) {
    ApiResponse ok = responses.get("200");
    ok.description("The badge: AI-attested, or a grey not attested one (also for an unknown token)")
        .content(new Content().addMediaType(type, new MediaType().schema(schema)))
        .headers(
            Map.of(
                "ETag", header("A strong entity tag of the badge"),
                "Cache-Control",
                    header("public, max-age=3600 when attested, max-age=60 when not")));
    responses.addApiResponse(
        "304", new ApiResponse().description("Not modified (If-None-Match matched the ETag)"));
  }

  private static void named(ApiResponses responses, String schema) {
    responses
        .get("200")
        .content(
            new Content().addMediaType(JSON, new MediaType().schema(ApiSchemas.refTo(schema))));
  }

  /** The errors each operation can answer, every one a problem. */
  private static void errors(String path, PathItem.HttpMethod method, Operation op) {
    ApiResponses responses = op.getResponses();
    boolean keyed = op.getSecurity() != null && !op.getSecurity().isEmpty();
    boolean token = path.contains("{tokenAddress}");
    if (op.getRequestBody() != null
        || (op.getParameters() != null && !op.getParameters().isEmpty())) {
      error(responses, "400", "Invalid input: a malformed token address, body or parameter");
    }
    if (keyed) {
      error(responses, "401", "No API key in X-API-Key, or a wrong one");
      error(responses, "403", "The service has no API key configured (lazai.api.keys)");
    }
    if (token && !path.contains("/badge.")) {
      error(responses, "404", "No mint for this token");
    }
    if (path.endsWith("/retry")) {
      error(responses, "409", "The mint is not FAILED (state names its state)");
    } else if (path.endsWith("/permission")) {
      error(responses, "409", "The permission cannot be granted (detail says why)");
    }
    if (path.equals(MINTS) && method == PathItem.HttpMethod.POST) {
      error(responses, "413", "The data is larger than lazai.mint.max-data-size");
      error(responses, "415", "A content type other than the three accepted");
    }
    if (path.endsWith(CHAT)) {
      chatErrors(responses);
    }
    error(responses, "500", "An unexpected error; the service log has the details");
    responses.forEach(
        (status, response) -> {
          if (status.startsWith("4") || status.startsWith("5")) {
            response.content(
                new Content()
                    .addMediaType(
                        PROBLEM_JSON,
                        new MediaType().schema(ApiSchemas.refTo(ApiSchemas.PROBLEM))));
          }
        });
  }

  /** What {@code ChatController} and {@code ProblemHandler} answer before the first byte. */
  private static void chatErrors(ApiResponses responses) {
    error(
        responses,
        "402",
        "The inference node account is below its minimum and cannot be topped up (reason"
            + " ACCOUNT_DRY)");
    error(responses, "409", "The token has no DAT file yet (its mint has not registered one)");
    error(responses, "413", "The body is larger than the JSON limit");
    error(responses, "415", "A content type other than application/json");
    error(
        responses,
        "422",
        "The node refused the request's data, e.g. it cannot read the file (reason"
            + " NODE_REFUSED_DATA, nodeStatus its status)");
    error(responses, "502", "The inference node failed or answered badly (reason NODE_FAILED)");
    error(responses, "503", "Inference is off, or no active node (reason UNAVAILABLE)");
    error(responses, "504", "The inference node could not be reached (reason NODE_UNREACHABLE)");
  }

  private static void error(ApiResponses responses, String status, String description) {
    if (!responses.containsKey(status)) {
      responses.addApiResponse(status, new ApiResponse().description(description));
    }
  }

  private static ApiResponse copy(ApiResponse ok, String description) {
    return new ApiResponse().description(description).content(ok.getContent());
  }

  private static Map<String, Header> location() {
    Map<String, Header> headers = new LinkedHashMap<>();
    headers.put("Location", header("The mint's URL, the same as url"));
    return headers;
  }

  private static Header header(String description) {
    return new Header().description(description).schema(new StringSchema());
  }

  private static Schema<?> counts(String description) {
    return new ObjectSchema()
        .description(description)
        .additionalProperties(new IntegerSchema().format("int64"));
  }
}
