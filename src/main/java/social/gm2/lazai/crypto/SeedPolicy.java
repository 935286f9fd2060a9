package social.gm2.lazai.crypto;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which text the wallet signs to derive a file's password (lazai-protocol §13.2). The original
 * service signs one configured seed for every file, so one leaked password opens all of them;
 * {@link #PER_TOKEN} appends the token address so that each file gets its own password. Both stay
 * compatible with the protocol because the node receives the signed seed with every proof request.
 */
public enum SeedPolicy {
  /** The seed as is, for every file: the original service's behaviour. */
  SHARED,
  /**
   * The seed, one space and the token address <em>lower-cased</em>. Addresses arrive in mixed case
   * (EIP-55 checksums, user input, the database stores lower case); lower-casing makes the password
   * depend on the address and not on how it happened to be spelled.
   */
  PER_TOKEN;

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  /**
   * The text to sign for the token at {@code tokenAddress}. {@link #SHARED} ignores the address (it
   * may be null); {@link #PER_TOKEN} requires a 20-byte {@code 0x} address.
   *
   * @throws IllegalArgumentException if {@link #PER_TOKEN} is given something that is not an
   *     address
   */
  public String seedFor(String seed, String tokenAddress) {
    if (this == SHARED) {
      return seed;
    }
    if (tokenAddress == null || !ADDRESS.matcher(tokenAddress).matches()) {
      throw new IllegalArgumentException(
          "a per-token seed needs a token address (0x followed by 40 hex digits), got '"
              + tokenAddress
              + "'");
    }
    return seed + " " + tokenAddress.toLowerCase(Locale.ROOT);
  }
}
