package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed OpenAPI document ({@code GeneratedClientIT} proves it is what the service serves,
 * and the build generates a client from it) is complete enough to generate a client: every
 * operation named, every request and answer a named schema, every error a problem, every reference
 * resolved, examples, the API key scheme.
 */
class OpenApiDocumentTest {
  private static final String SCHEMAS = "#/components/schemas/";
  private static final JsonNode DOC =
      JsonMapper.builder().build().readTree(GeneratedClientIT.DOCUMENT.toFile());

  @Test
  void isOpenApi30WithAServer() {
    assertThat(DOC.get("openapi").asString()).startsWith("3.0.");
    assertThat(DOC.at("/servers/0/url").asString()).isEqualTo("http://127.0.0.1:3003");
  }

  @Test
  void everyOperationHasAUniqueIdATagAndASummary() {
    Set<String> ids = new HashSet<>();
    operations()
        .forEach(
            (name, op) -> {
              assertThat(op.path("operationId").asString()).as(name).matches("[a-z][A-Za-z]+");
              assertThat(ids.add(op.get("operationId").asString())).as(name).isTrue();
              assertThat(op.at("/tags/0").asString()).as(name).isNotBlank();
              assertThat(op.path("summary").asString()).as(name).isNotBlank();
            });
    assertThat(ids)
        .contains(
            "submitMint",
            "getMint",
            "listMints",
            "retryMint",
            "grantPermission",
            "getBadge",
            "getBadgeSvg",
            "getQueueCounts",
            "createChatCompletion");
  }

  @Test
  void everyRequestAndAnswerHasANamedSchema() {
    operations()
        .forEach(
            (name, op) -> {
              op.path("requestBody")
                  .path("content")
                  .forEachEntry((type, media) -> assertNamed(name + " " + type, media));
              op.get("responses")
                  .forEachEntry(
                      (status, response) ->
                          response
                              .path("content")
                              .forEachEntry(
                                  (type, media) ->
                                      assertNamed(name + " " + status + " " + type, media)));
            });
  }

  @Test
  void everyErrorIsAProblemAndEveryOperationAnswersOneAtLeast() {
    operations()
        .forEach(
            (name, op) -> {
              List<String> errors = new ArrayList<>();
              op.get("responses")
                  .forEachEntry(
                      (status, response) -> {
                        if (status.startsWith("4") || status.startsWith("5")) {
                          errors.add(status);
                          JsonNode content = response.get("content");
                          assertThat(content.propertyNames())
                              .as(name + " " + status)
                              .containsExactly("application/problem+json");
                          assertThat(
                                  content.at("/application~1problem+json/schema/$ref").asString())
                              .as(name + " " + status)
                              .isEqualTo(SCHEMAS + "Problem");
                        }
                      });
              assertThat(errors).as(name).contains("500");
              if (op.has("security")) {
                assertThat(errors).as(name).contains("401", "403");
              }
              if (op.has("parameters") || op.has("requestBody")) {
                assertThat(errors).as(name).contains("400");
              }
            });
    JsonNode problem = DOC.at("/components/schemas/Problem/properties");
    assertThat(problem.propertyNames())
        .contains("type", "title", "status", "detail", "instance", "field");
  }

  @Test
  void everyReferenceResolvesAndEveryNamedSchemaIsUsed() {
    Set<String> refs = new HashSet<>();
    collectRefs(DOC, refs);
    JsonNode schemas = DOC.at("/components/schemas");
    assertThat(refs).allMatch(r -> r.startsWith(SCHEMAS), "local schema references");
    for (String ref : refs) {
      assertThat(schemas.has(ref.substring(SCHEMAS.length()))).as(ref).isTrue();
    }
    assertThat(schemas.propertyNames().stream().map(n -> SCHEMAS + n).toList())
        .allMatch(refs::contains, "every schema is referenced");
    assertThat(schemas.propertyNames())
        .contains(
            "MintSubmission",
            "MintAccepted",
            "MintView",
            "Badge",
            "Problem",
            "MintState",
            "ChatCompletionRequest",
            "ChatCompletion",
            "Usage",
            "Costs");
  }

  @Test
  void theMintStateIsOneEnumAndTheMainSchemasHaveExamples() {
    assertThat(DOC.at("/components/schemas/MintState/enum").size())
        .isEqualTo(social.gm2.lazai.mint.MintState.values().length);
    List<String> inline = new ArrayList<>();
    DOC.at("/components/schemas")
        .forEachEntry(
            (name, schema) ->
                schema
                    .path("properties")
                    .forEachEntry(
                        (property, s) -> {
                          if (s.has("enum")) {
                            inline.add(name + "." + property);
                          }
                        }));
    assertThat(inline).as("enums not named").isEmpty();
    for (String name :
        List.of(
            "MintSubmission",
            "MintAccepted",
            "Problem",
            "Badge",
            "ChatCompletionRequest",
            "ChatCompletion",
            "ChatMessage")) {
      JsonNode schema = DOC.at("/components/schemas/" + name);
      assertThat(schema.has("example")).as(name).isTrue();
      schema
          .path("required")
          .forEach(
              r ->
                  assertThat(schema.get("example").has(r.asString()))
                      .as(name + " example has " + r)
                      .isTrue());
    }
  }

  @Test
  void theMintCanBeSentAsJsonAFormOrARawBodyWithTheApiKey() {
    JsonNode submit = DOC.at("/paths/~1api~1v1~1mints/post");
    assertThat(submit.at("/requestBody/content").propertyNames())
        .containsExactly("application/json", "multipart/form-data", "application/octet-stream");
    assertThat(submit.at("/requestBody/content/application~1octet-stream/schema/format").asString())
        .isEqualTo("binary");
    assertThat(submit.get("responses").propertyNames()).contains("202", "200", "413", "415");
    assertThat(submit.at("/responses/202/headers/Location").isMissingNode()).isFalse();
    assertThat(submit.at("/security/0").has("apiKey")).isTrue();
    assertThat(DOC.at("/paths/~1api~1v1~1mints~1{tokenAddress}/get").has("security")).isFalse();
    JsonNode scheme = DOC.at("/components/securitySchemes/apiKey");
    assertThat(scheme.get("type").asString()).isEqualTo("apiKey");
    assertThat(scheme.get("in").asString()).isEqualTo("header");
    assertThat(scheme.get("name").asString()).isEqualTo(ApiKeyFilter.HEADER);
  }

  @Test
  void theChatCompletionIsTaggedAndAnswersJsonAStreamAndItsProblems() {
    JsonNode chat = DOC.at("/paths/~1api~1v1~1tokens~1{tokenAddress}~1chat~1completions/post");
    assertThat(chat.get("operationId").asString()).isEqualTo("createChatCompletion");
    assertThat(chat.at("/tags/0").asString()).isEqualTo("inference");
    assertThat(chat.at("/security/0").has("apiKey")).isTrue();
    assertThat(chat.at("/requestBody/content/application~1json/schema/$ref").asString())
        .isEqualTo(SCHEMAS + "ChatCompletionRequest");
    assertThat(chat.at("/responses/200/content").propertyNames())
        .containsExactly("application/json", "text/event-stream");
    assertThat(chat.at("/responses/200/content/application~1json/schema/$ref").asString())
        .isEqualTo(SCHEMAS + "ChatCompletion");
    assertThat(chat.at("/responses/200/content/text~1event-stream/schema/example").asString())
        .endsWith("data: [DONE]\n\n");
    assertThat(chat.get("responses").propertyNames())
        .containsExactlyInAnyOrder(
            "200", "400", "401", "402", "403", "404", "409", "413", "415", "422", "500", "502",
            "503", "504");
    // every InferenceException kind is a documented reason
    String reasons = DOC.at("/components/schemas/Problem/properties/reason/description").asString();
    for (var kind : social.gm2.lazai.inference.InferenceException.Kind.values()) {
      assertThat(reasons).contains(kind.name());
    }
    JsonNode request = DOC.at("/components/schemas/ChatCompletionRequest");
    assertThat(request.get("additionalProperties").asBoolean()).isTrue();
    assertThat(request.get("properties").propertyNames()).contains("messages", "stream", "model");
    assertThat(DOC.at("/components/schemas/ChatMessage/required").toString())
        .contains("role", "content");
    JsonNode completion = DOC.at("/components/schemas/ChatCompletion");
    assertThat(completion.get("properties").propertyNames())
        .contains("id", "object", "created", "model", "choices", "usage");
    assertThat(DOC.at("/components/schemas/ChatChoice/properties").propertyNames())
        .contains("index", "message", "finish_reason");
    assertThat(DOC.at("/components/schemas/ChatCompletionUsage/properties").propertyNames())
        .contains("prompt_tokens", "completion_tokens", "total_tokens");
    assertThat(DOC.at("/components/schemas/MintView/properties/usage/$ref").asString())
        .isEqualTo(SCHEMAS + "Usage");
    for (String name : List.of("Usage", "Costs")) {
      JsonNode schema = DOC.at("/components/schemas/" + name);
      assertThat(schema.path("description").asString()).as(name).isNotBlank();
      schema
          .get("properties")
          .forEachEntry(
              (property, s) ->
                  assertThat(s.path("description").asString())
                      .as(name + "." + property)
                      .isNotBlank());
    }
  }

  private static void assertNamed(String where, JsonNode media) {
    JsonNode schema = media.path("schema");
    if (schema.path("type").asString().equals("array")) {
      schema = schema.get("items");
    }
    if (schema.path("type").asString().equals("string")) {
      return;
    }
    assertThat(schema.path("$ref").asString()).as(where + ": " + media).startsWith(SCHEMAS);
  }

  private static void collectRefs(JsonNode node, Set<String> refs) {
    if (node.isObject()) {
      node.forEachEntry(
          (key, value) -> {
            if (key.equals("$ref")) {
              refs.add(value.asString());
            } else {
              collectRefs(value, refs);
            }
          });
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, refs));
    }
  }

  private static Map<String, JsonNode> operations() {
    Map<String, JsonNode> ops = new java.util.LinkedHashMap<>();
    DOC.get("paths")
        .forEachEntry(
            (path, item) ->
                item.forEachEntry(
                    (method, op) -> {
                      if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                        ops.put(method.toUpperCase(java.util.Locale.ROOT) + " " + path, op);
                      }
                    }));
    assertThat(ops).isNotEmpty();
    return ops;
  }
}
