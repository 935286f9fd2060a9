package social.gm2.lazai.mint.jobs;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading job payloads: JSON objects whose problems are reported by field. */
final class Payloads {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private Payloads() {}

  /** The payload as a JSON object. */
  static JsonNode object(String data) {
    JsonNode node;
    try {
      node = JSON.readTree(data);
    } catch (JacksonException e) {
      throw new InvalidPayloadException("payload", "is not valid JSON");
    }
    if (node == null || !node.isObject()) {
      throw new InvalidPayloadException("payload", "must be a JSON object");
    }
    return node;
  }

  /** A string field; null when absent. */
  static String text(JsonNode payload, String field) {
    JsonNode value = payload.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new InvalidPayloadException(field, "must be a string");
    }
    return value.asString();
  }

  /** A job payload that cannot be processed as given; names the field, never its content. */
  static final class InvalidPayloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidPayloadException(String field, String problem) {
      super(field + " " + problem);
    }
  }
}
