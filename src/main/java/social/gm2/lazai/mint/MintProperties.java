package social.gm2.lazai.mint;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import social.gm2.lazai.config.Setting;
import social.gm2.lazai.crypto.PersonalMessage;
import social.gm2.lazai.crypto.RsaScheme;
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
 * @param maxDataSize the largest privacy data a mint accepts (10MB by default)
 * @param rsaScheme how the password is wrapped for the node: {@code oaep-sha1} (node-rsa's default,
 *     what the original sends) or {@code pkcs1v15} (what the Python reference node decrypts)
 * @param nodeConnectTimeout connecting to a node's {@code /proof}
 * @param nodeReadTimeout waiting for its answer
 * @param legacyAttestedAtReward sets {@code Project.isAIAttested} at reward time, as the original
 *     did, instead of at attestation
 */
@ConfigurationProperties("lazai.mint")
public record MintProperties(
    String encryptionSeed,
    SeedPolicy seedPolicy,
    DataSize maxDataSize,
    String rsaScheme,
    Duration nodeConnectTimeout,
    Duration nodeReadTimeout,
    Boolean legacyAttestedAtReward) {

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
    maxDataSize = maxDataSize == null ? DataSize.ofMegabytes(10) : maxDataSize;
    if (maxDataSize.toBytes() < 1 || maxDataSize.toBytes() > DataSize.ofMegabytes(64).toBytes()) {
      throw Setting.property("lazai.mint.max-data-size").problem("must be between 1B and 64MB");
    }
    rsaScheme = rsaScheme == null ? RsaScheme.OAEP_SHA1.configName() : rsaScheme;
    try {
      RsaScheme.fromConfig(rsaScheme);
    } catch (IllegalArgumentException e) {
      throw Setting.property("lazai.mint.rsa-scheme").problem(e.getMessage());
    }
    nodeConnectTimeout = nodeConnectTimeout == null ? Duration.ofSeconds(10) : nodeConnectTimeout;
    // The reference node mines three transactions before it answers.
    nodeReadTimeout = nodeReadTimeout == null ? Duration.ofMinutes(3) : nodeReadTimeout;
    legacyAttestedAtReward = legacyAttestedAtReward != null && legacyAttestedAtReward;
  }

  /** How the password is wrapped for the node's RSA key. */
  public RsaScheme wrapScheme() {
    return RsaScheme.fromConfig(rsaScheme);
  }
}
