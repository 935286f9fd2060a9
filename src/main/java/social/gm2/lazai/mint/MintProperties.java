package social.gm2.lazai.mint;

import org.springframework.boot.context.properties.ConfigurationProperties;
import social.gm2.lazai.config.Setting;
import social.gm2.lazai.crypto.PersonalMessage;
import social.gm2.lazai.crypto.SeedPolicy;
import social.gm2.lazai.crypto.SeedRejectedException;

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

  public MintProperties {
    encryptionSeed = SEED.required(encryptionSeed);
    try {
      // web3.js signs a hex-looking seed as bytes and throws on hex it cannot decode.
      PersonalMessage.bytesOf(encryptionSeed);
    } catch (SeedRejectedException e) {
      throw SEED.problem(e.problem());
    }
    seedPolicy = seedPolicy == null ? SeedPolicy.SHARED : seedPolicy;
  }
}
