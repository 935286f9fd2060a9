package social.gm2.lazai.mint;

import java.util.Locale;
import social.gm2.lazai.crypto.Addresses;

/**
 * A request to mint a token's DAT, checked: the token is an address (lower-cased; a mixed-case one
 * must carry a valid EIP-55 checksum), the file name is a plain name, and the data is 1 byte to
 * {@code maxSize} bytes.
 */
public record MintRequest(String tokenAddress, String fileName, byte[] privacyData) {
  static final int MAX_FILE_NAME = 255;

  /** Checks a request whose data arrived as bytes. */
  public static MintRequest of(String tokenAddress, String fileName, byte[] data, long maxSize) {
    if (data == null || data.length == 0) {
      throw new InvalidMintRequestException("privacyData", "is empty; there is nothing to mint");
    }
    if (data.length > maxSize) {
      throw new InvalidMintRequestException(
          "privacyData", "has " + data.length + " bytes, more than the limit of " + maxSize);
    }
    return new MintRequest(token(tokenAddress), fileName(fileName), data);
  }

  /** The checked fields of a request whose data arrives as a stream, checked as it is read. */
  public record Fields(String tokenAddress, String fileName) {}

  /** Checks the token and the file name of a request whose data arrives as a stream. */
  public static Fields fields(String tokenAddress, String fileName) {
    return new Fields(token(tokenAddress), fileName(fileName));
  }

  /** Checks a token address on its own (an upload checks it before reading the data). */
  public static String token(String address) {
    if (address == null || address.isBlank()) {
      throw new InvalidMintRequestException("tokenAddress", "is required");
    }
    String trimmed = address.strip();
    if (!Addresses.valid(trimmed)) {
      throw new InvalidMintRequestException(
          "tokenAddress",
          "must be an address, 0x and 40 hex digits (a mixed-case one with a valid EIP-55"
              + " checksum); got '"
              + (trimmed.length() > 60 ? trimmed.substring(0, 60) + "…" : trimmed)
              + "'");
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }

  private static String fileName(String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidMintRequestException("fileName", "is required");
    }
    if (name.length() > MAX_FILE_NAME) {
      throw new InvalidMintRequestException(
          "fileName", "has " + name.length() + " characters, more than " + MAX_FILE_NAME);
    }
    boolean control = name.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    if (control
        || name.contains("/")
        || name.contains("\\")
        || name.equals(".")
        || name.equals("..")) {
      throw new InvalidMintRequestException(
          "fileName", "must be a plain file name, without path separators or control characters");
    }
    return name.strip();
  }
}
