package social.gm2.lazai.mint.jobs;

import java.util.ArrayList;
import java.util.List;
import social.gm2.lazai.mint.MintRequest;
import tools.jackson.databind.JsonNode;

/**
 * The original {@code lazai-mint-dat} payload, {@code {tokenAddress, fileName, privacyData:
 * number[]}}, checked with the pipeline's own {@link MintRequest} rules.
 */
final class MintPayload {
  private MintPayload() {}

  /**
   * @throws social.gm2.lazai.mint.InvalidMintRequestException or {@link
   *     Payloads.InvalidPayloadException} naming the field
   */
  static MintRequest parse(String data, long maxSize) {
    JsonNode payload = Payloads.object(data);
    JsonNode privacy = payload.get("privacyData");
    List<Number> bytes = null;
    if (privacy != null && !privacy.isNull()) {
      if (!privacy.isArray()) {
        throw new Payloads.InvalidPayloadException(
            "privacyData", "must be an array of byte values (0-255)");
      }
      if (privacy.size() > maxSize) {
        throw new Payloads.InvalidPayloadException(
            "privacyData", "has " + privacy.size() + " bytes, more than the limit of " + maxSize);
      }
      bytes = new ArrayList<>(privacy.size());
      for (int i = 0; i < privacy.size(); i++) {
        JsonNode value = privacy.get(i);
        // Checked here as well as by MintRequest, whose message would quote the value: the
        // privacy data never goes into a job's failed reason or the logs.
        if (!value.isIntegralNumber()
            || !value.canConvertToLong()
            || value.asLong() < 0
            || value.asLong() > 255) {
          throw new Payloads.InvalidPayloadException(
              "privacyData[" + i + "]", "is not a byte value from 0 to 255");
        }
        bytes.add(value.numberValue());
      }
    }
    return MintRequest.of(
        Payloads.text(payload, "tokenAddress"), Payloads.text(payload, "fileName"), bytes, maxSize);
  }
}
