package social.gm2.lazai.api;

import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenAI chat completion request as {@code POST /api/v1/tokens/{token}/chat/completions} takes
 * it, checked before any node is asked: a JSON object with a non-empty {@code messages} array of
 * {@code {role, content}} objects whose content is text (the node appends the file's passages to
 * the last message's text), and an optional boolean {@code stream}. Other fields (model,
 * temperature, max_tokens...) go to the node as sent.
 *
 * @param stream whether the answer is streamed as server-sent events
 */
record ChatRequest(boolean stream) {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Set<String> ROLES =
      Set.of("system", "developer", "user", "assistant", "tool");

  /**
   * @throws ApiException 400 naming the first problem
   */
  static ChatRequest parse(byte[] body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("The body must be a JSON chat completion request.");
    }
    if (json == null || !json.isObject()) {
      throw ApiException.badRequest("The body must be a JSON object with a messages array.");
    }
    JsonNode messages = json.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw ApiException.badRequest("messages must be a non-empty array.");
    }
    for (int i = 0; i < messages.size(); i++) {
      message(messages.get(i), "messages[" + i + "]");
    }
    JsonNode stream = json.path("stream");
    if (!stream.isMissingNode() && !stream.isNull() && !stream.isBoolean()) {
      throw ApiException.badRequest("stream must be true or false.");
    }
    JsonNode model = json.path("model");
    if (!model.isMissingNode() && !model.isNull() && !model.isString()) {
      throw ApiException.badRequest("model must be a string.");
    }
    return new ChatRequest(stream.asBoolean(false));
  }

  private static void message(JsonNode message, String at) {
    if (!message.isObject()) {
      throw ApiException.badRequest(at + " must be an object with role and content.");
    }
    JsonNode role = message.path("role");
    if (!role.isString() || !ROLES.contains(role.asString())) {
      throw ApiException.badRequest(at + ".role must be one of " + ROLES + ".");
    }
    if (!message.path("content").isString()) {
      throw ApiException.badRequest(at + ".content must be a string.");
    }
  }
}
