package social.gm2.lazai.api;

import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * {@code POST /api/v1/mints}: the original queue payload's fields, checked by the same rules
 * ({@code MintRequest}). {@code privacyData} is one byte value (0–255) per element, read straight
 * into bytes up to {@code lazai.mint.max-data-size} (its OpenAPI schema, an array of integers, is
 * set in {@code ApiConfiguration}).
 */
public record MintSubmission(
    String tokenAddress,
    String fileName,
    @JsonDeserialize(using = PrivacyDataDeserializer.class) byte[] privacyData) {

  @Override
  public String toString() {
    int size = privacyData == null ? 0 : privacyData.length;
    return "MintSubmission[tokenAddress="
        + tokenAddress
        + ", fileName="
        + fileName
        + ", privacyData="
        + size
        + " bytes]";
  }
}
