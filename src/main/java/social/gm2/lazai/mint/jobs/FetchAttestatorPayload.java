package social.gm2.lazai.mint.jobs;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A {@code lazai-fetch-attestator} job's payload, validated: check the attestation of {@code
 * tokenAddress}'s file {@code fileId}, registered at or after {@code blockNumber}.
 *
 * @param tokenAddress lower-case 0x address
 */
public record FetchAttestatorPayload(long blockNumber, String tokenAddress, BigInteger fileId) {
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  /** The job id that keeps one pending check per token: {@code lazai-fetch-attestator-<token>}. */
  public String jobId() {
    return LazaiQueues.FETCH_ATTESTATOR + "-" + tokenAddress;
  }

  String toJson() {
    return Payloads.JSON
        .createObjectNode()
        .put("blockNumber", blockNumber)
        .put("tokenAddress", tokenAddress)
        .put("fileId", fileId)
        .toString();
  }

  static FetchAttestatorPayload parse(String data) {
    JsonNode payload = Payloads.object(data);
    String token = Payloads.text(payload, "tokenAddress");
    if (token == null || !ADDRESS.matcher(token.strip()).matches()) {
      throw new Payloads.InvalidPayloadException(
          "tokenAddress", "must be an address, 0x and 40 hex digits");
    }
    BigInteger block = integer(payload, "blockNumber");
    if (block.bitLength() > 62) {
      throw new Payloads.InvalidPayloadException("blockNumber", "is too large");
    }
    return new FetchAttestatorPayload(
        block.longValueExact(), token.strip().toLowerCase(Locale.ROOT), integer(payload, "fileId"));
  }

  /** A non-negative integer, as a JSON number or a decimal string (ids may exceed 2^53). */
  private static BigInteger integer(JsonNode payload, String field) {
    JsonNode value = payload.get(field);
    BigInteger n = null;
    if (value != null && value.isIntegralNumber()) {
      n = value.bigIntegerValue();
    } else if (value != null && value.isString() && value.asString().matches("\\d{1,78}")) {
      n = new BigInteger(value.asString());
    }
    if (n == null || n.signum() < 0) {
      throw new Payloads.InvalidPayloadException(field, "must be a non-negative integer");
    }
    return n;
  }
}
