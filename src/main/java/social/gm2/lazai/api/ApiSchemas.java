package social.gm2.lazai.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BinarySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import social.gm2.lazai.mint.MintState;

/**
 * The named schemas the OpenAPI document adds to what springdoc derives from the records: the
 * problem every error answers, the mint state as one enum, the upload form, the badge JSON, and
 * examples for the mint schemas. A client generator turns each into one model class.
 */
final class ApiSchemas {
  static final String SCHEMAS = "#/components/schemas/";
  static final String PROBLEM = "Problem";
  static final String CHAT_REQUEST = ChatSchemas.REQUEST;
  static final String MINT_STATE = "MintState";
  static final String MINT_UPLOAD = "MintUpload";
  static final String BADGE = "Badge";
  static final String TOKEN = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  private ApiSchemas() {}

  static String ref(String name) {
    return SCHEMAS + name;
  }

  static Schema<?> refTo(String name) {
    return new Schema<>().$ref(ref(name));
  }

  /** Adds the schemas, names the mint state enum and sets the examples. */
  static void complete(Components components) {
    components.addSchemas(PROBLEM, problem());
    components.addSchemas(MINT_STATE, mintState());
    components.addSchemas(MINT_UPLOAD, upload());
    components.addSchemas(BADGE, badge());
    components.getSchemas().values().forEach(schema -> nameMintStates(schema));
    example(components.getSchemas().get("MintSubmission"), submission());
    privacyData(components.getSchemas().get("MintSubmission"));
    example(components.getSchemas().get("MintAccepted"), accepted());
    ChatSchemas.complete(components);
  }

  /** A property or parameter schema: the mint state enum as a reference, anything else as is. */
  static Schema<?> named(Schema<?> schema) {
    if (schema != null
        && schema.getEnum() != null
        && schema.getEnum().stream()
            .map(String::valueOf)
            .toList()
            .equals(Arrays.stream(MintState.values()).map(Enum::name).toList())) {
      return refTo(MINT_STATE).description(schema.getDescription());
    }
    return schema;
  }

  private static void nameMintStates(Schema<?> schema) {
    if (schema.getProperties() != null) {
      schema.getProperties().replaceAll((name, property) -> named(property));
    }
  }

  /**
   * RFC 9457 problem details ({@code application/problem+json}), the answer of every error: the
   * members Spring writes, and the ones this service adds.
   */
  private static Schema<?> problem() {
    // not an ObjectSchema, which writes an example object as its toString()
    Schema<Object> problem = new Schema<>();
    problem.setType("object");
    problem
        .description(
            "An RFC 9457 problem: every 4xx and 5xx answer of the API. Details name what was"
                + " wrong, never the data sent, a stack trace or a key.")
        .addProperty(
            "type",
            new StringSchema()
                .format("uri-reference")
                .description("A URI naming the kind of problem; about:blank for plain HTTP ones"))
        .addProperty("title", new StringSchema().description("The HTTP status's phrase"))
        .addProperty("status", new IntegerSchema().description("The HTTP status code"))
        .addProperty("detail", new StringSchema().description("What was wrong, for a person"))
        .addProperty(
            "instance",
            new StringSchema().format("uri-reference").description("The path that was asked"))
        .addProperty(
            "field",
            new StringSchema()
                .description(
                    "The invalid field of a mint (tokenAddress, fileName, privacyData, file, body)"))
        .addProperty(
            "state", refTo(MINT_STATE).description("The mint's state, for a 409 on a mint"))
        .addProperty(
            "reason",
            new StringSchema()
                .description(
                    "Why a chat completion failed: UNAVAILABLE (503), ACCOUNT_DRY (402),"
                        + " NODE_REFUSED_DATA (422), NODE_FAILED (502), NODE_UNREACHABLE (504)"))
        .addProperty(
            "nodeStatus",
            new IntegerSchema()
                .description("The inference node's own HTTP status, when it answered one"));
    problem.setRequired(List.of("status"));
    problem.example(
        ordered(
            "type", "about:blank",
            "title", "Invalid mint request",
            "status", 400,
            "detail", "tokenAddress must be 0x followed by 40 hex digits.",
            "instance", "/api/v1/mints",
            "field", "tokenAddress"));
    return problem;
  }

  private static Schema<?> mintState() {
    StringSchema state = new StringSchema();
    Arrays.stream(MintState.values()).forEach(s -> state.addEnumItem(s.name()));
    return state
        .description(
            "Where a mint stands: ACCEPTED, ENCRYPTED, UPLOADED, REGISTERED, PROOF_REQUESTED,"
                + " PROOF_SUBMITTED, REWARDED, then ATTESTED once the node's attestation is"
                + " confirmed; FAILED after a step failed for good (it can be retried).")
        .example(MintState.ATTESTED.name());
  }

  /** {@code POST /api/v1/mints} as a {@code multipart/form-data} form. */
  private static Schema<?> upload() {
    ObjectSchema upload = new ObjectSchema();
    upload.setRequired(List.of("tokenAddress", "file"));
    return upload
        .description("A mint sent as a multipart/form-data form.")
        .addProperty(
            "tokenAddress",
            new StringSchema().description("The DAT's token address, 0x and 40 hex digits"))
        .addProperty(
            "fileName",
            new StringSchema()
                .description("A plain file name; the file part's own file name by default"))
        .addProperty(
            "file", new BinarySchema().description("The data, 1 byte to lazai.mint.max-data-size"));
  }

  /** The badge as shields.io endpoint JSON, with whether it is attested and its transaction. */
  private static Schema<?> badge() {
    Schema<Object> badge = new Schema<>();
    badge.setType("object");
    badge.setRequired(List.of("schemaVersion", "label", "message", "color", "attested"));
    return badge
        .description(
            "A token's AI-attested badge in shields.io's endpoint shape, plus attested and txUrl"
                + " (the attestation on the explorer; null when not attested).")
        .addProperty("schemaVersion", new IntegerSchema().example(1))
        .addProperty("label", new StringSchema())
        .addProperty("message", new StringSchema())
        .addProperty("color", new StringSchema())
        .addProperty("attested", new BooleanSchema())
        .addProperty("txUrl", new StringSchema().format("uri").nullable(true))
        .example(
            ordered(
                "schemaVersion", 1,
                "label", "LazAI",
                "message", "AI-attested",
                "color", "green",
                "attested", true,
                "txUrl",
                    "https://testnet-explorer.lazai.network/tx/0x8e2b0c6f5d1a4b7e9c3d2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c"));
  }

  /**
   * {@code privacyData} is read into a {@code byte[]}, which the schema generator would describe as
   * base64 text; on the wire it is an array of byte values.
   */
  private static void privacyData(Schema<?> submission) {
    if (submission != null && submission.getProperties() != null) {
      submission
          .getProperties()
          .put(
              "privacyData",
              new ArraySchema()
                  .items(
                      new IntegerSchema().minimum(BigDecimal.ZERO).maximum(BigDecimal.valueOf(255)))
                  .minItems(1)
                  .description(
                      "The data, one byte value (0-255) per element, 1 byte to"
                          + " lazai.mint.max-data-size (a Node Buffer's JSON, {\"type\":"
                          + " \"Buffer\", \"data\": [...]}, is accepted too)"));
      submission.setRequired(List.of("tokenAddress", "fileName", "privacyData"));
    }
  }

  private static Map<String, Object> submission() {
    return ordered(
        "tokenAddress", TOKEN, "fileName", "notes.txt", "privacyData", List.of(104, 105, 10));
  }

  private static Map<String, Object> accepted() {
    return ordered("tokenAddress", TOKEN, "state", "ENCRYPTED", "url", "/api/v1/mints/" + TOKEN);
  }

  private static void example(Schema<?> schema, Object example) {
    if (schema != null) {
      schema.example(example);
    }
  }

  /** An example object, its members in the order given. */
  static Map<String, Object> ordered(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
