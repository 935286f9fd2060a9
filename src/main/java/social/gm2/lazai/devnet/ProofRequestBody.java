package social.gm2.lazai.devnet;

import java.math.BigDecimal;
import java.math.BigInteger;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of {@code POST /proof} as the reference node's pydantic model reads it (lazai-protocol
 * §8): unknown fields are ignored, and every missing or ill-typed field is reported at once, in
 * FastAPI's 422 shape, so that a client sees the same answer from this node as from the reference.
 * Integers are read as pydantic reads them in lax mode: JSON integers, integral floats and decimal
 * strings.
 *
 * @param encryptionKey the node-RSA-wrapped file password, hex, optionally {@code 0x}-prefixed
 * @param proofUrl null when absent
 * @param encryptionSeed null when absent
 * @param nonce null when absent
 */
record ProofRequestBody(
    BigInteger jobId,
    BigInteger fileId,
    String fileUrl,
    String encryptionKey,
    String proofUrl,
    String encryptionSeed,
    BigInteger nonce) {

  /** The body broke the schema; {@link #detail()} is FastAPI's {@code detail} array. */
  static final class InvalidBodyException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ArrayNode detail;

    InvalidBodyException(ArrayNode detail) {
      super("invalid /proof body: " + detail.size() + " error(s)");
      this.detail = detail;
    }

    ArrayNode detail() {
      return detail;
    }
  }

  /** Reads and checks {@code json}. */
  static ProofRequestBody parse(JsonMapper mapper, byte[] json) throws InvalidBodyException {
    Fields fields = new Fields(mapper, object(mapper, json));
    var body =
        new ProofRequestBody(
            fields.integer("job_id", true),
            fields.integer("file_id", true),
            fields.string("file_url", true),
            fields.string("encryption_key", true),
            fields.string("proof_url", false),
            fields.string("encryption_seed", false),
            fields.integer("nonce", false));
    if (!fields.errors.isEmpty()) {
      throw new InvalidBodyException(fields.errors);
    }
    return body;
  }

  /** The body as a JSON object, or FastAPI's error for a body that is not one. */
  private static JsonNode object(JsonMapper mapper, byte[] json) throws InvalidBodyException {
    JsonNode root;
    try {
      root = mapper.readTree(json);
    } catch (JacksonException e) {
      throw invalid(mapper, error(mapper, "json_invalid", "JSON decode error", "body", 0));
    }
    if (root == null || root.isMissingNode()) {
      throw invalid(mapper, error(mapper, "missing", "Field required", "body"));
    }
    if (!root.isObject()) {
      throw invalid(
          mapper,
          error(
              mapper,
              "model_attributes_type",
              "Input should be a valid dictionary or object to extract fields from",
              "body"));
    }
    return root;
  }

  /** Only the ids: the wrapped key and the seed stay out of logs and error messages. */
  @Override
  public String toString() {
    return "job_id=" + jobId + " file_id=" + fileId;
  }

  private static InvalidBodyException invalid(JsonMapper mapper, ObjectNode error) {
    return new InvalidBodyException(mapper.createArrayNode().add(error));
  }

  private static ObjectNode error(JsonMapper mapper, String type, String msg, Object... loc) {
    ObjectNode error = mapper.createObjectNode();
    error.put("type", type);
    ArrayNode path = error.putArray("loc");
    for (Object part : loc) {
      if (part instanceof Integer i) {
        path.add(i);
      } else {
        path.add(part.toString());
      }
    }
    error.put("msg", msg);
    return error;
  }

  /** Reads one field after another and collects what is wrong with them. */
  private static final class Fields {
    private final JsonMapper mapper;
    private final JsonNode root;
    private final ArrayNode errors;

    Fields(JsonMapper mapper, JsonNode root) {
      this.mapper = mapper;
      this.root = root;
      this.errors = mapper.createArrayNode();
    }

    BigInteger integer(String name, boolean required) {
      JsonNode value = present(name, required, "int_type", "Input should be a valid integer");
      if (value == null) {
        return null;
      }
      if (value.isIntegralNumber()) {
        return value.bigIntegerValue();
      }
      if (value.isFloatingPointNumber()) {
        return integral(name, value.decimalValue());
      }
      if (value.isString()) {
        try {
          return new BigInteger(value.asString().strip());
        } catch (NumberFormatException e) {
          fail(
              name,
              "int_parsing",
              "Input should be a valid integer, unable to parse string as an integer");
          return null;
        }
      }
      fail(name, "int_type", "Input should be a valid integer");
      return null;
    }

    String string(String name, boolean required) {
      JsonNode value = present(name, required, "string_type", "Input should be a valid string");
      if (value == null) {
        return null;
      }
      if (!value.isString()) {
        fail(name, "string_type", "Input should be a valid string");
        return null;
      }
      return value.asString();
    }

    /**
     * The field's value, or null when it is absent or JSON null; for a required field that is an
     * error: "missing" when absent, the field type's error when null (as pydantic reports it).
     */
    private JsonNode present(String name, boolean required, String nullType, String nullMsg) {
      JsonNode value = root.get(name);
      if (value != null && !value.isNull()) {
        return value;
      }
      if (required && value == null) {
        fail(name, "missing", "Field required");
      } else if (required) {
        fail(name, nullType, nullMsg);
      }
      return null;
    }

    private BigInteger integral(String name, BigDecimal number) {
      try {
        return number.toBigIntegerExact();
      } catch (ArithmeticException e) {
        fail(
            name,
            "int_from_float",
            "Input should be a valid integer, got a number with a fractional part");
        return null;
      }
    }

    private void fail(String name, String type, String msg) {
      errors.add(error(mapper, type, msg, "body", name));
    }
  }
}
