package social.gm2.lazai.devnet;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.inference.RequestHeaders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One request through the reference inference server's middleware stack (lazai-protocol §9), in its
 * order: billing (outermost) → data query → header validation → the model.
 *
 * <ul>
 *   <li>data query: only {@code POST /v1/chat/completions} with a non-empty {@code
 *       X-LazAI-File-ID}; runs <i>before</i> the headers are validated, as in the reference. The
 *       last message's {@code content} (or {@code prompt}) gets {@code "\n\n<attachments>\n" +
 *       chunks + "</attachments>\n"}, each of the top {@value #RAG_LIMIT} chunks followed by a line
 *       break; any failure is 400 {@code "Data query failed: …"} ({@code bad_request_error}).
 *   <li>header validation ({@link HeaderValidator}) on every path: 401 {@code "Validate the request
 *       header failed: …"} ({@code authentication_error}).
 *   <li>billing: a 200 of {@code /v1/chat/completions} is settled on chain ({@link FeeSettler})
 *       before it is sent; if that fails the client gets 500 {@code "Error in token billing
 *       process: …"} ({@code internal_error}) instead. Streams are settled too (the reference
 *       cannot parse its own stream for billing and answers 400).
 * </ul>
 *
 * Routes behind the middleware: {@code POST /v1/chat/completions}, {@code POST /query/rag} ({@link
 * RagEndpoint}), {@code GET /v1/models}; anything else 404 {@code {"detail":"Not Found"}}.
 */
final class InferencePipeline {
  private static final Logger log = LoggerFactory.getLogger(InferencePipeline.class);

  static final String CHAT = "/v1/chat/completions";
  static final int RAG_LIMIT = 3;

  /** What the HTTP layer hands in. */
  record Request(String method, String path, Function<String, String> header, byte[] body) {}

  /** What it sends back. */
  record Reply(int status, String contentType, byte[] body) {
    static Reply json(JsonMapper json, int status, JsonNode body) {
      return new Reply(status, "application/json", json.writeValueAsBytes(body));
    }
  }

  private final JsonMapper json;
  private final DataQuery dataQuery;
  private final HeaderValidator validator;
  private final DeterministicModel model;
  private final FeeSettler settler;
  private final RagEndpoint rag;

  InferencePipeline(
      JsonMapper json,
      DataQuery dataQuery,
      HeaderValidator validator,
      DeterministicModel model,
      FeeSettler settler) {
    this.json = json;
    this.dataQuery = dataQuery;
    this.validator = validator;
    this.model = model;
    this.settler = settler;
    this.rag = new RagEndpoint(json, dataQuery);
  }

  Reply handle(Request request) throws InterruptedException {
    byte[] body = request.body();
    String fileId = request.header().apply(RequestHeaders.FILE_ID);
    if (CHAT.equals(request.path()) && fileId != null && !fileId.isEmpty()) {
      JsonNode parsed;
      try {
        parsed = json.readTree(body);
      } catch (JacksonException e) {
        return error(400, "Invalid JSON format in request body", "bad_request_error");
      }
      try {
        body = withAttachments(parsed, fileId);
      } catch (DataQuery.Failure | NumberFormatException e) {
        String reason =
            e instanceof NumberFormatException
                ? "invalid literal for int() with base 10: '" + fileId + "'"
                : e.getMessage();
        return error(400, "Data query failed: " + reason, "bad_request_error");
      }
    }
    HeaderValidator.Caller caller;
    try {
      caller = validator.validate(request.header());
    } catch (HeaderValidator.Refused e) {
      return error(
          401, "Validate the request header failed: " + e.getMessage(), "authentication_error");
    }
    return route(request, body, caller);
  }

  private Reply route(Request request, byte[] body, HeaderValidator.Caller caller)
      throws InterruptedException {
    String path = request.path();
    String method = request.method();
    if (CHAT.equals(path) && "POST".equals(method)) {
      return chat(body, caller);
    }
    if ("/query/rag".equals(path) && "POST".equals(method)) {
      return rag.handle(body);
    }
    if ("/v1/models".equals(path) && "GET".equals(method)) {
      ObjectNode list = json.createObjectNode().put("object", "list");
      list.putArray("data")
          .addObject()
          .put("id", DeterministicModel.MODEL)
          .put("object", "model")
          .put("owned_by", "lazai-devnet");
      return Reply.json(json, 200, list);
    }
    boolean known = CHAT.equals(path) || "/query/rag".equals(path) || "/v1/models".equals(path);
    return Reply.json(
        json,
        known ? 405 : 404,
        json.createObjectNode().put("detail", known ? "Method Not Allowed" : "Not Found"));
  }

  /** The model's answer, settled on chain before it is sent (the billing middleware). */
  private Reply chat(byte[] body, HeaderValidator.Caller caller) throws InterruptedException {
    JsonNode request;
    DeterministicModel.Completion completion;
    try {
      request = json.readTree(body);
      completion = model.answer(request);
    } catch (JacksonException | IllegalArgumentException e) {
      String message = e instanceof JacksonException ? "Invalid JSON body" : e.getMessage();
      return error(400, message, "invalid_request_error");
    }
    try {
      settler.settle(caller, completion.id(), completion.totalTokens());
    } catch (RuntimeException e) {
      log.warn("settlement of {} for {} failed: {}", completion.id(), caller.user(), e.toString());
      return error(500, "Error in token billing process: " + e.getMessage(), "internal_error");
    }
    log.info(
        "user {} consumed {} tokens on {}, billing: {}",
        caller.user(),
        completion.totalTokens(),
        CHAT,
        settler.cost(completion.totalTokens()));
    JsonNode stream = request.get("stream");
    if (stream != null && stream.asBoolean(false)) {
      return new Reply(200, "text/event-stream", model.stream(completion));
    }
    return new Reply(200, "application/json", model.json(completion));
  }

  private byte[] withAttachments(JsonNode data, String fileId)
      throws DataQuery.Failure, InterruptedException {
    BigInteger id = new BigInteger(fileId.strip());
    String prompt = "";
    JsonNode target = null;
    String field = null;
    JsonNode messages = data.get("messages");
    if (messages != null) {
      if (messages.isArray()
          && !messages.isEmpty()
          && messages.get(messages.size() - 1).isObject()) {
        JsonNode last = messages.get(messages.size() - 1);
        if (last.has("content")) {
          target = last;
          field = "content";
        }
      }
    } else if (data.has("prompt")) {
      target = data;
      field = "prompt";
    }
    if (target != null) {
      prompt = target.get(field).asString("");
    }
    DataQuery.Result result = dataQuery.query(id, prompt, RAG_LIMIT);
    StringBuilder context = new StringBuilder();
    for (String chunk : result.data()) {
      context.append(chunk).append('\n');
    }
    String updated = prompt + DeterministicModel.ATTACHMENTS + context + "</attachments>\n";
    if (target != null) {
      ((ObjectNode) target).put(field, updated);
    }
    log.info("data queried with the file id {} ({} chunks)", id, result.data().size());
    return json.writeValueAsString(data).getBytes(StandardCharsets.UTF_8);
  }

  private Reply error(int status, String message, String type) {
    return Reply.json(json, status, errorBody(json, message, type));
  }

  /** {@code {"error":{"message":…,"type":…}}}, the reference's error shape. */
  static ObjectNode errorBody(JsonMapper json, String message, String type) {
    ObjectNode body = json.createObjectNode();
    body.putObject("error").put("message", message).put("type", type);
    return body;
  }
}
