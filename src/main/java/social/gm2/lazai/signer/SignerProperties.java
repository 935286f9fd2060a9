package social.gm2.lazai.signer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
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
 * @param pool further sending wallets ({@code lazai.signer.pool[i]}), each held by its own plain
 *     key, keystore or remote signer; the service wallet above is always the pool's first wallet.
 *     Empty (the default): the service wallet sends everything, as without a pool
 */
@ConfigurationProperties("lazai.signer")
public record SignerProperties(
    Type type, Boolean allowPlainKey, Keystore keystore, Remote remote, List<PoolMember> pool) {

  public static final String PREFIX = "lazai.signer.";

  /** The adapter. */
  public enum Type {
    PLAIN,
    KEYSTORE,
    REMOTE
  }

  /** The most wallets a pool may hold besides the service wallet. */
  public static final int MAX_POOL = 64;

  @ConstructorBinding
  public SignerProperties {
    type = type == null ? Type.PLAIN : type;
    allowPlainKey = allowPlainKey != null && allowPlainKey;
    if (type == Type.KEYSTORE) {
      keystore = Setting.property(PREFIX + "keystore.path").required(keystore);
      keystore.requireComplete(PREFIX);
    }
    if (type == Type.REMOTE) {
      remote = Setting.property(PREFIX + "remote.url").required(remote);
      remote.requireComplete(PREFIX);
    }
    pool = pool == null ? List.of() : pool;
    if (pool.size() > MAX_POOL) {
      throw Setting.property(PREFIX + "pool")
          .problem("holds " + pool.size() + " wallets; at most " + MAX_POOL + " are allowed");
    }
    for (int i = 0; i < pool.size(); i++) {
      PoolMember member = pool.get(i);
      if (member == null) {
        throw Setting.property(PREFIX + "pool[" + i + "]").problem("is empty");
      }
      member.requireComplete(poolPrefix(i));
    }
    pool = List.copyOf(pool);
  }

  /** The service wallet alone, without a pool. */
  public SignerProperties(Type type, Boolean allowPlainKey, Keystore keystore, Remote remote) {
    this(type, allowPlainKey, keystore, remote, List.of());
  }

  /** The property prefix of pool member {@code i}: {@code lazai.signer.pool[i].}. */
  public static String poolPrefix(int i) {
    return PREFIX + "pool[" + i + "].";
  }

  /**
   * One more sending wallet, held like the service wallet: a plain key, a V3 keystore file or a
   * remote signer.
   *
   * @param type {@code plain} (default: {@code private-key}), {@code keystore} or {@code remote}
   * @param privateKey the wallet's key ({@code type=plain}; secret, never logged)
   * @param keystore as {@code lazai.signer.keystore} ({@code type=keystore})
   * @param remote as {@code lazai.signer.remote} ({@code type=remote})
   */
  public record PoolMember(Type type, Secret privateKey, Keystore keystore, Remote remote) {
    public PoolMember {
      type = type == null ? Type.PLAIN : type;
    }

    void requireComplete(String prefix) {
      Setting key = Setting.property(prefix + "private-key");
      if (type == Type.PLAIN) {
        key.privateKey(privateKey);
      } else if (privateKey != null) {
        throw key.problem(
            "must not be set when "
                + prefix
                + "type is "
                + type.name().toLowerCase(java.util.Locale.ROOT)
                + ": the signer holds the wallet");
      }
      if (type == Type.KEYSTORE) {
        Setting.property(prefix + "keystore.path").required(keystore).requireComplete(prefix);
      }
      if (type == Type.REMOTE) {
        Setting.property(prefix + "remote.url").required(remote).requireComplete(prefix);
      }
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

    void requireComplete(String prefix) {
      Setting.property(prefix + "keystore.path").required(path);
      if ((passwordFile == null) == (passwordVariable == null)) {
        throw Setting.property(prefix + "keystore.password-file")
            .problem(
                "or "
                    + prefix
                    + "keystore.password-variable must be set, and only one of them, when "
                    + prefix
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

    void requireComplete(String prefix) {
      Setting.property(prefix + "remote.url").httpUrl(url);
      Setting.property(prefix + "remote.address").address(address);
      if (tls.trustStore() != null && !url.strip().startsWith("https:")) {
        throw Setting.property(prefix + "remote.tls.trust-store")
            .problem("is set but " + prefix + "remote.url is not https");
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
