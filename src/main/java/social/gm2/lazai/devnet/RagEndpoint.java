package social.gm2.lazai.devnet;

import java.math.BigInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /query/rag} of the reference query node (lazai-protocol §9): body {@code {file_id?:
 * int, file_url?: str, limit: int = 3, query: str}}; answer {@code {data: [chunks], owner, file_id,
 * file_url, file_hash}}. Neither id nor URL: 400 {@code "File ID or URL is required"}; a missing
 * query: 422 (FastAPI's validation); any failure: 500 {@code "Error processing request for req: …
 * Error: …"} ({@code internal_error}).
 */
final class RagEndpoint {
  private final JsonMapper json;
  private final DataQuery dataQuery;

  RagEndpoint(JsonMapper json, DataQuery dataQuery) {
    this.json = json;
    this.dataQuery = dataQuery;
  }

  InferencePipeline.Reply handle(byte[] body) throws InterruptedException {
    JsonNode req;
    try {
      req = json.readTree(body);
    } catch (JacksonException e) {
      return invalid("the body is not JSON");
    }
    if (req == null || !req.isObject() || !req.path("query").isString()) {
      return invalid("'query' (a string) is required");
    }
    if (!req.path("limit").isMissingNode() && !req.path("limit").canConvertToInt()) {
      return invalid("'limit' must be an integer");
    }
    String query = req.get("query").asString();
    int limit = req.path("limit").asInt(InferencePipeline.RAG_LIMIT);
    try {
      BigInteger fileId =
          req.path("file_id").canConvertToExactIntegral()
              ? req.get("file_id").bigIntegerValue()
              : BigInteger.ZERO;
      if (req.path("file_url").isString() && !req.get("file_url").asString().isEmpty()) {
        fileId = dataQuery.fileIdOf(req.get("file_url").asString());
      }
      if (fileId.signum() == 0) {
        return InferencePipeline.Reply.json(
            json,
            400,
            InferencePipeline.errorBody(
                json, "File ID or URL is required", "invalid_request_error"));
      }
      DataQuery.Result result = dataQuery.query(fileId, query, limit);
      ObjectNode answer = json.createObjectNode();
      result.data().forEach(answer.putArray("data")::add);
      answer.put("owner", result.owner());
      answer.put("file_id", result.fileId());
      answer.put("file_url", result.fileUrl());
      answer.put("file_hash", result.fileHash());
      return InferencePipeline.Reply.json(json, 200, answer);
    } catch (DataQuery.Failure e) {
      return InferencePipeline.Reply.json(
          json,
          500,
          InferencePipeline.errorBody(
              json,
              "Error processing request for req: " + req + ". Error: " + e.getMessage(),
              "internal_error"));
    }
  }

  private InferencePipeline.Reply invalid(String message) {
    return InferencePipeline.Reply.json(json, 422, json.createObjectNode().put("detail", message));
  }
}
