package social.gm2.lazai.signer;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;

/**
 * Which signer holds the service wallet (README, "Operations: signer").
 *
 * @param type {@code plain} (default: the key in {@code LAZAI_CONFIG.privateKey}), {@code keystore}
 *     or {@code remote}
 * @param allowPlainKey the plain key is refused with {@code APP_ENV=production} unless this is true
 * @param keystore the V3 keystore file and where its password comes from ({@code type=keystore})
 * @param remote the Web3Signer endpoint ({@code type=remote})
 */
@ConfigurationProperties("lazai.signer")
public record SignerProperties(Type type, Boolean allowPlainKey, Keystore keystore, Remote remote) {

  public static final String PREFIX = "lazai.signer.";

  /** The adapter. */
  public enum Type {
    PLAIN,
    KEYSTORE,
    REMOTE
  }

  public SignerProperties {
    type = type == null ? Type.PLAIN : type;
    allowPlainKey = allowPlainKey != null && allowPlainKey;
    if (type == Type.KEYSTORE) {
      keystore = Setting.property(PREFIX + "keystore.path").required(keystore);
      keystore.requireComplete();
    }
    if (type == Type.REMOTE) {
      remote = Setting.property(PREFIX + "remote.url").required(remote);
      remote.requireComplete();
    }
  }

  /**
   * An Ethereum V3 keystore file.
   *
   * @param path the file (as geth, web3j, ethers or web3.js write it)
   * @param passwordFile a file holding the password (one trailing line break is ignored)
   * @param passwordVariable the name of an environment variable holding the password; exactly one
   *     of the two
   */
  public record Keystore(Path path, Path passwordFile, String passwordVariable) {
    public Keystore {
      passwordVariable =
          passwordVariable == null || passwordVariable.isBlank() ? null : passwordVariable.strip();
    }

    void requireComplete() {
      Setting.property(PREFIX + "keystore.path").required(path);
      if ((passwordFile == null) == (passwordVariable == null)) {
        throw Setting.property(PREFIX + "keystore.password-file")
            .problem(
                "or "
                    + PREFIX
                    + "keystore.password-variable must be set, and only one of them, when "
                    + PREFIX
                    + "type is keystore");
      }
    }
  }

  /**
   * A remote signer speaking Web3Signer's Ethereum JSON-RPC signing API.
   *
   * @param url its JSON-RPC endpoint, http or https
   * @param address the wallet address it signs for (it may hold several keys)
   * @param connectTimeout connecting (5s)
   * @param timeout a whole request, answer included (30s)
   * @param maxResponseSize the largest answer read (64KB; a signed transaction is about 100 bytes
   *     plus its calldata twice in hex)
   * @param tls trust store and client certificate for https
   */
  public record Remote(
      String url,
      String address,
      Duration connectTimeout,
      Duration timeout,
      DataSize maxResponseSize,
      Tls tls) {
    public Remote {
      connectTimeout = positive("connect-timeout", connectTimeout, Duration.ofSeconds(5));
      timeout = positive("timeout", timeout, Duration.ofSeconds(30));
      maxResponseSize = maxResponseSize == null ? DataSize.ofKilobytes(64) : maxResponseSize;
      if (maxResponseSize.toBytes() < 1024 || maxResponseSize.toBytes() > 64L << 20) {
        throw Setting.property(PREFIX + "remote.max-response-size")
            .problem("must be between 1KB and 64MB, got " + maxResponseSize);
      }
      tls = tls == null ? new Tls(null, null, null, null, null, null) : tls;
    }

    void requireComplete() {
      Setting.property(PREFIX + "remote.url").httpUrl(url);
      Setting.property(PREFIX + "remote.address").address(address);
      if (tls.trustStore() != null && !url.strip().startsWith("https:")) {
        throw Setting.property(PREFIX + "remote.tls.trust-store")
            .problem("is set but " + PREFIX + "remote.url is not https");
      }
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
      Duration duration = value == null ? fallback : value;
      if (duration.isNegative() || duration.isZero()) {
        throw Setting.property(PREFIX + "remote." + name).problem("must be positive");
      }
      return duration;
    }
  }

  /**
   * TLS client settings for an https remote signer; without a trust store the JDK's default trust
   * anchors are used.
   *
   * @param trustStore the certificates trusted for the signer's server certificate (PKCS12 or JKS)
   * @param trustStorePassword its password, if it has one
   * @param trustStoreType {@code PKCS12} (default) or {@code JKS}
   * @param keyStore a client certificate and its key (PKCS12 or JKS), for a signer that requires
   *     one
   * @param keyStorePassword its password (secret)
   * @param keyStoreType {@code PKCS12} (default) or {@code JKS}
   */
  public record Tls(
      Path trustStore,
      Secret trustStorePassword,
      String trustStoreType,
      Path keyStore,
      Secret keyStorePassword,
      String keyStoreType) {
    public Tls {
      trustStoreType = trustStoreType == null ? "PKCS12" : trustStoreType;
      keyStoreType = keyStoreType == null ? "PKCS12" : keyStoreType;
      if (keyStore != null && keyStorePassword == null) {
        throw Setting.property(PREFIX + "remote.tls.key-store-password")
            .problem("is required when " + PREFIX + "remote.tls.key-store is set");
      }
    }
  }
}
