package social.gm2.lazai.mint;

import java.io.ByteArrayOutputStream;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a JSON array of byte values ({@code [104,105]}, each an integer 0–255) straight into bytes
 * while it is parsed: one byte of heap per value instead of a boxed number, and it stops at the
 * first value past the limit. Errors name the field and index, never a value.
 *
 * <p>A Node producer that puts a {@code Buffer} into a job gets {@code Buffer.toJSON()} on the
 * wire, {@code {"type":"Buffer","data":[104,105]}}; that form is read as its {@code data} array,
 * since the producer meant those bytes.
 */
public final class ByteValues {
  private ByteValues() {}

  /**
   * Reads the array the parser is at (its current token is {@code [}), or null for JSON null.
   *
   * @throws InvalidMintRequestException for anything but an array of byte values, or more than
   *     {@code max} of them
   */
  public static byte[] read(JsonParser parser, String field, long max) {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token == JsonToken.START_OBJECT) {
      return nodeBuffer(parser, field, max);
    }
    if (token != JsonToken.START_ARRAY) {
      throw new InvalidMintRequestException(field, "must be an array of byte values (0-255)");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
    long index = 0;
    for (token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (index >= max) {
        throw new InvalidMintRequestException(
            field, "has more than " + max + " bytes, the limit (lazai.mint.max-data-size)");
      }
      bytes.write(value(parser, token, field, index));
      index++;
    }
    return bytes.toByteArray();
  }

  /** {@code {"type":"Buffer","data":[…]}} in either field order, nothing else. */
  private static byte[] nodeBuffer(JsonParser parser, String field, long max) {
    String type = null;
    byte[] data = null;
    for (String name = parser.nextName(); name != null; name = parser.nextName()) {
      JsonToken value = parser.nextToken();
      if (name.equals("type") && value == JsonToken.VALUE_STRING) {
        type = parser.getString();
      } else if (name.equals("data") && value == JsonToken.START_ARRAY) {
        data = read(parser, field, max);
      } else {
        throw notNodeBuffer(field);
      }
    }
    if (!"Buffer".equals(type) || data == null) {
      throw notNodeBuffer(field);
    }
    return data;
  }

  private static InvalidMintRequestException notNodeBuffer(String field) {
    return new InvalidMintRequestException(
        field,
        "must be an array of byte values (0-255) or a Node Buffer's JSON"
            + " ({\"type\":\"Buffer\",\"data\":[...]})");
  }

  private static int value(JsonParser parser, JsonToken token, String field, long index) {
    boolean integral =
        token == JsonToken.VALUE_NUMBER_INT
            && parser.getNumberType() == JsonParser.NumberType.INT
            && parser.getIntValue() >= 0
            && parser.getIntValue() <= 255;
    if (integral) {
      return parser.getIntValue();
    }
    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      // 1.0 is the byte 1, as a JavaScript producer's number would be.
      double d = parser.getDoubleValue();
      if (d >= 0 && d <= 255 && d == Math.rint(d)) {
        return (int) d;
      }
    }
    throw new InvalidMintRequestException(
        field + "[" + index + "]", "is not a byte value from 0 to 255");
  }
}
