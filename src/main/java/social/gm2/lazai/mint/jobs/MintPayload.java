package social.gm2.lazai.mint.jobs;

import tools.jackson.databind.JsonNode;

/**
 * The original {@code lazai-mint-dat} payload, {@code {tokenAddress, fileName, privacyData:
 * number[]}}, read into its fields; the mint service checks them as it checks every submission.
 */
record MintPayload(String tokenAddress, String fileName, byte[] privacyData) {

  /**
   * @throws Payloads.InvalidPayloadException naming the field, never quoting the data
   */
  static MintPayload parse(String data, long maxSize) {
    JsonNode payload = Payloads.object(data);
    JsonNode privacy = payload.get("privacyData");
    byte[] bytes = null;
    if (privacy != null && !privacy.isNull()) {
      if (!privacy.isArray()) {
        throw new Payloads.InvalidPayloadException(
            "privacyData", "must be an array of byte values (0-255)");
      }
      if (privacy.size() > maxSize) {
        throw new Payloads.InvalidPayloadException(
            "privacyData", "has " + privacy.size() + " bytes, more than the limit of " + maxSize);
      }
      bytes = new byte[privacy.size()];
      for (int i = 0; i < bytes.length; i++) {
        JsonNode value = privacy.get(i);
        // The privacy data never goes into a job's failed reason or the logs: not even one value.
        if (!value.isIntegralNumber()
            || !value.canConvertToLong()
            || value.asLong() < 0
            || value.asLong() > 255) {
          throw new Payloads.InvalidPayloadException(
              "privacyData[" + i + "]", "is not a byte value from 0 to 255");
        }
        bytes[i] = (byte) value.asLong();
      }
    }
    return new MintPayload(
        Payloads.text(payload, "tokenAddress"), Payloads.text(payload, "fileName"), bytes);
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
