package social.gm2.lazai.api;

import static social.gm2.lazai.api.ApiSchemas.ordered;
import static social.gm2.lazai.api.ApiSchemas.refTo;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;
import java.util.Map;

/**
 * The named schemas of {@code POST /api/v1/tokens/{tokenAddress}/chat/completions} (OpenAI's chat
 * completion request and {@code chat.completion} answer, which the inference node answers as is),
 * and the descriptions of a mint's {@code usage} and {@code costs}.
 */
final class ChatSchemas {
  static final String REQUEST = "ChatCompletionRequest";
  static final String COMPLETION = "ChatCompletion";
  static final String MESSAGE = "ChatMessage";
  static final String CHOICE = "ChatChoice";
  static final String USAGE = "ChatCompletionUsage";
  private static final String QUESTION = "What is the launch code for the zebra vault?";

  private ChatSchemas() {}

  static void complete(Components components) {
    components.addSchemas(MESSAGE, message());
    components.addSchemas(REQUEST, request());
    components.addSchemas(CHOICE, choice());
    components.addSchemas(USAGE, usage());
    components.addSchemas(COMPLETION, completion());
    describe(
        components.getSchemas().get("Usage"),
        "What the token's DAT has been used for",
        Map.of(
            "inferenceRequests", "Chat completions answered from the token's file",
            "inferenceFeesWei",
                "The fees their inference node settled on chain for them, in wei (a decimal"
                    + " string)",
            "unsettledRequests", "Answers whose fee is not found on chain yet"));
    describe(
        components.getSchemas().get("Costs"),
        "What the mint's DAT has cost so far, in wei as decimal strings; null for an imported"
            + " mint and for one with a transaction confirmed before costs were recorded",
        Map.of(
            "gasWei",
                "The gas of the confirmed transactions the service sent for it (gasUsed x"
                    + " effectiveGasPrice, reverted ones included)",
            "nodeFeesWei", "The verified-computing node fees its proof requests paid",
            "totalWei", "gasWei + nodeFeesWei",
            "transactions", "How many confirmed transactions gasWei counts"));
  }

  private static Schema<?> message() {
    Schema<Object> message = object("One message of the chat.");
    message.setRequired(List.of("role", "content"));
    return message
        .addProperty(
            "role",
            new StringSchema()
                .description("system, developer, user, assistant or tool")
                .example("user"))
        .addProperty(
            "content",
            new StringSchema()
                .description(
                    "The text (the node appends the file's passages to the last message's)")
                .example(QUESTION))
        .example(ordered("role", "user", "content", QUESTION));
  }

  private static Schema<?> request() {
    Schema<Object> request =
        object(
            "An OpenAI chat completion request. Other members (temperature, max_tokens...) go"
                + " to the inference node as sent.");
    request.setRequired(List.of("messages"));
    request.setAdditionalProperties(true);
    return request
        .addProperty(
            "messages",
            new ArraySchema().items(refTo(MESSAGE)).minItems(1).description("The chat so far"))
        .addProperty(
            "stream",
            new BooleanSchema()
                ._default(false)
                .description(
                    "true: the answer is text/event-stream, the node's chat.completion.chunk"
                        + " events ending with data: [DONE]"))
        .addProperty(
            "model", new StringSchema().description("The model, as the node knows it (optional)"))
        .example(
            ordered(
                "model",
                "any",
                "stream",
                false,
                "messages",
                List.of(ordered("role", "user", "content", QUESTION))));
  }

  private static Schema<?> choice() {
    Schema<Object> choice = object("One answer of the completion.");
    choice.setRequired(List.of("index", "message"));
    return choice
        .addProperty("index", new IntegerSchema())
        .addProperty("message", refTo(MESSAGE))
        .addProperty(
            "finish_reason",
            new StringSchema().description("Why the node stopped: stop, length...").nullable(true));
  }

  private static Schema<?> usage() {
    return object("The tokens the completion took.")
        .addProperty("prompt_tokens", new IntegerSchema())
        .addProperty("completion_tokens", new IntegerSchema())
        .addProperty("total_tokens", new IntegerSchema());
  }

  private static Schema<?> completion() {
    Schema<Object> completion =
        object("An OpenAI chat.completion, as the inference node answered it.");
    completion.setRequired(List.of("id", "object", "created", "model", "choices"));
    return completion
        .addProperty("id", new StringSchema().description("The node's id of the completion"))
        .addProperty("object", new StringSchema().description("chat.completion"))
        .addProperty(
            "created",
            new IntegerSchema().format("int64").description("When, in seconds since 1970"))
        .addProperty("model", new StringSchema())
        .addProperty("choices", new ArraySchema().items(refTo(CHOICE)))
        .addProperty("usage", refTo(USAGE))
        .example(
            ordered(
                "id",
                "chatcmpl-9f1c2a",
                "object",
                "chat.completion",
                "created",
                1780000000,
                "model",
                "any",
                "choices",
                List.of(
                    ordered(
                        "index",
                        0,
                        "message",
                        ordered(
                            "role",
                            "assistant",
                            "content",
                            "The launch code for the zebra vault is ZEBRA-1a2b3c4d."),
                        "finish_reason",
                        "stop")),
                "usage",
                ordered("prompt_tokens", 42, "completion_tokens", 12, "total_tokens", 54)));
  }

  private static void describe(Schema<?> schema, String text, Map<String, String> properties) {
    if (schema == null) {
      return;
    }
    schema.description(text);
    if (schema.getProperties() != null) {
      properties.forEach(
          (name, description) -> {
            Schema<?> property = schema.getProperties().get(name);
            if (property != null) {
              property.description(description);
            }
          });
    }
  }

  /** Not an ObjectSchema, which writes an example object as its toString(). */
  private static Schema<Object> object(String description) {
    Schema<Object> schema = new Schema<>();
    schema.setType("object");
    schema.description(description);
    return schema;
  }
}
