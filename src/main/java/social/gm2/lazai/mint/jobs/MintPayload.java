package social.gm2.lazai.mint.jobs;

import social.gm2.lazai.mint.ByteValues;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The original {@code lazai-mint-dat} payload, {@code {tokenAddress, fileName, privacyData:
 * number[]}}, read as a stream (the data straight into bytes, {@link ByteValues}) into its fields;
 * the mint service checks them as it checks every submission.
 */
record MintPayload(String tokenAddress, String fileName, byte[] privacyData) {

  /**
   * @throws Payloads.InvalidPayloadException or {@link
   *     social.gm2.lazai.mint.InvalidMintRequestException} naming the field, never quoting the data
   */
  static MintPayload parse(String data, long maxSize) {
    String tokenAddress = null;
    String fileName = null;
    byte[] bytes = null;
    try (JsonParser parser = Payloads.JSON.createParser(data)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new Payloads.InvalidPayloadException("payload", "must be a JSON object");
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "tokenAddress" -> tokenAddress = text(parser, value, field);
          case "fileName" -> fileName = text(parser, value, field);
          case "privacyData" -> bytes = ByteValues.read(parser, field, maxSize);
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw new Payloads.InvalidPayloadException("payload", "is not valid JSON");
      }
    } catch (JacksonException e) {
      throw new Payloads.InvalidPayloadException("payload", "is not valid JSON");
    }
    return new MintPayload(tokenAddress, fileName, bytes);
  }

  private static String text(JsonParser parser, JsonToken value, String field) {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw new Payloads.InvalidPayloadException(field, "must be a string");
    }
    return parser.getString();
  }

  @Override
  public String toString() {
    return "MintPayload[tokenAddress="
        + tokenAddress
        + ", fileName="
        + fileName
        + ", privacyData="
        + (privacyData == null ? 0 : privacyData.length)
        + " bytes]";
  }
}
