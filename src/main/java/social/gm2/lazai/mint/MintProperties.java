package social.gm2.lazai.mint;

import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import social.gm2.lazai.config.Setting;

/**
 * How a mint derives the password that encrypts a creator's data: the wallet signs a seed (see
 * lazai-protocol §4 and §13.2).
 *
 * @param encryptionSeed the text the wallet signs ({@code LAZAI_CONFIG.encryptionSeed})
 * @param seedPolicy {@code shared}: every file uses the seed as is (the original behaviour); {@code
 *     per-token}: the seed is followed by a space and the token address, so each file has its own
 *     password
 */
@ConfigurationProperties("lazai.mint")
public record MintProperties(String encryptionSeed, SeedPolicy seedPolicy) {

  private static final Setting SEED =
      new Setting("LAZAI_CONFIG.encryptionSeed", "lazai.mint.encryption-seed");
  private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]*");

  public MintProperties {
    encryptionSeed = SEED.required(encryptionSeed);
    if (HEX.matcher(encryptionSeed).matches() && encryptionSeed.length() % 2 != 0) {
      // web3.js signs a strictly-hex seed as bytes and throws on an odd number of digits.
      throw SEED.problem("is hex with an odd number of digits, which web3.js cannot sign");
    }
    seedPolicy = seedPolicy == null ? SeedPolicy.SHARED : seedPolicy;
  }

  /** Which seed a token's password is derived from. */
  public enum SeedPolicy {
    /** One seed for every file: the original service's behaviour. */
    SHARED,
    /** The seed, a space and the token address: a password per file. */
    PER_TOKEN
  }
}
