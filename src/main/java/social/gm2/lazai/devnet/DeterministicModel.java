package social.gm2.lazai.devnet;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulated inference node's "model": no weights, a rule a test can predict. It reads the last
 * message's {@code content}; if the data-query step attached chunks of a file ({@code
 * <attachments>…</attachments>}, most relevant chunk first), it answers by quoting the first one:
 *
 * <pre>Based on the attached data: "&lt;most relevant chunk&gt;"</pre>
 *
 * otherwise {@code I have no attached data to answer "<question>" from.} Tokens are counted as runs
 * of non-space characters: {@code prompt_tokens} over every message's content, {@code
 * completion_tokens} over the answer. The answer is an OpenAI {@code chat.completion} (or, with
 * {@code "stream": true}, {@code chat.completion.chunk} server-sent events ending with {@code data:
 * [DONE]}, usage in the last chunk).
 */
final class DeterministicModel {
  static final String MODEL = "lazai-simulated-rag";
  static final String ATTACHMENTS = "\n\n<attachments>\n";

  private static final Pattern TOKEN = Pattern.compile("\\S+");

  private final JsonMapper json;
  private final Clock clock;

  DeterministicModel(JsonMapper json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /** One answer, rendered on demand as JSON or as a stream. */
  record Completion(
      String id,
      long created,
      String model,
      String content,
      long promptTokens,
      long completionTokens) {
    long totalTokens() {
      return promptTokens + completionTokens;
    }
  }

  /**
   * Answers a chat request.
   *
   * @throws IllegalArgumentException if {@code messages} is missing, empty or not a list of objects
   */
  Completion answer(JsonNode request) {
    JsonNode messages = request.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new IllegalArgumentException("'messages' must be a non-empty array");
    }
    long promptTokens = 0;
    String last = "";
    for (JsonNode message : messages) {
      if (!message.isObject()) {
        throw new IllegalArgumentException("every message must be an object");
      }
      JsonNode content = message.get("content");
      last = content == null || !content.isString() ? "" : content.asString();
      promptTokens += tokens(last);
    }
    String answer = reply(last);
    JsonNode model = request.get("model");
    return new Completion(
        "chatcmpl-" + UUID.randomUUID(),
        clock.instant().getEpochSecond(),
        model != null && model.isString() ? model.asString() : MODEL,
        answer,
        promptTokens,
        tokens(answer));
  }

  static String reply(String content) {
    int start = content.indexOf(ATTACHMENTS);
    if (start >= 0) {
      String attached = content.substring(start + ATTACHMENTS.length());
      int end = attached.indexOf('\n');
      String best = (end >= 0 ? attached.substring(0, end) : attached).strip();
      if (!best.isEmpty() && !best.startsWith("</attachments>")) {
        return "Based on the attached data: \"" + best + "\"";
      }
      return "The attached data has nothing about \"" + content.substring(0, start).strip() + "\".";
    }
    return "I have no attached data to answer \"" + content.strip() + "\" from.";
  }

  static long tokens(String text) {
    return TOKEN.matcher(text).results().count();
  }

  /** The {@code chat.completion} object. */
  byte[] json(Completion c) {
    ObjectNode body = head(c, "chat.completion");
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", c.content());
    choice.put("finish_reason", "stop");
    usage(body, c);
    return json.writeValueAsBytes(body);
  }

  /**
   * The stream: a role chunk, one chunk per word of the answer, a final chunk with {@code
   * finish_reason} and {@code usage}, then {@code data: [DONE]}.
   */
  byte[] stream(Completion c) {
    StringBuilder out = new StringBuilder();
    event(out, delta(c, json.createObjectNode().put("role", "assistant").put("content", ""), null));
    var words = TOKEN.matcher(c.content()).results().map(m -> m.group()).toList();
    for (int i = 0; i < words.size(); i++) {
      String piece = i == 0 ? words.get(i) : " " + words.get(i);
      event(out, delta(c, json.createObjectNode().put("content", piece), null));
    }
    ObjectNode last = delta(c, json.createObjectNode(), "stop");
    usage(last, c);
    event(out, last);
    out.append("data: [DONE]\n\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private ObjectNode delta(Completion c, ObjectNode delta, String finishReason) {
    ObjectNode chunk = head(c, "chat.completion.chunk");
    ArrayNode choices = chunk.putArray("choices");
    ObjectNode choice = choices.addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return chunk;
  }

  private ObjectNode head(Completion c, String object) {
    ObjectNode body = json.createObjectNode();
    body.put("id", c.id());
    body.put("object", object);
    body.put("created", c.created());
    body.put("model", c.model());
    return body;
  }

  private static void usage(ObjectNode body, Completion c) {
    body.putObject("usage")
        .put("prompt_tokens", c.promptTokens())
        .put("completion_tokens", c.completionTokens())
        .put("total_tokens", c.totalTokens());
  }

  private void event(StringBuilder out, ObjectNode chunk) {
    out.append("data: ").append(json.writeValueAsString(chunk)).append("\n\n");
  }
}
