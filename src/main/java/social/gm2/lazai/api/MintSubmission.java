package social.gm2.lazai.api;

import java.util.List;

/**
 * {@code POST /api/v1/mints}: the original queue payload's fields, checked by the same rules
 * ({@code MintRequest}). {@code privacyData} is one byte value (0–255) per element.
 */
public record MintSubmission(String tokenAddress, String fileName, List<Number> privacyData) {

  @Override
  public String toString() {
    int size = privacyData == null ? 0 : privacyData.size();
    return "MintSubmission[tokenAddress="
        + tokenAddress
        + ", fileName="
        + fileName
        + ", privacyData="
        + size
        + " bytes]";
  }
}
