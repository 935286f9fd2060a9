package social.gm2.lazai.api;

import java.util.List;
import social.gm2.lazai.mint.InvalidMintRequestException;

/**
 * {@code POST /api/v1/mints}: the original queue payload's fields, checked by the same rules
 * ({@code MintRequest}). {@code privacyData} is one byte value (0–255) per element.
 */
public record MintSubmission(String tokenAddress, String fileName, List<Number> privacyData) {

  /**
   * The data as bytes; null when absent (the mint service says it is required).
   *
   * @throws InvalidMintRequestException naming the first element that is not a byte value, never
   *     quoting it
   */
  byte[] bytes() {
    if (privacyData == null) {
      return null;
    }
    byte[] bytes = new byte[privacyData.size()];
    for (int i = 0; i < bytes.length; i++) {
      Number value = privacyData.get(i);
      if (value == null
          || value.doubleValue() != Math.rint(value.doubleValue())
          || value.doubleValue() < 0
          || value.doubleValue() > 255) {
        throw new InvalidMintRequestException(
            "privacyData[" + i + "]", "is not a byte value from 0 to 255");
      }
      bytes[i] = (byte) value.intValue();
    }
    return bytes;
  }

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
