package social.gm2.lazai.devnet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;
import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.crypto.RsaKeys;

/**
 * How a {@link SimulatedNode} runs. A value, so that a test can start several nodes side by side
 * and {@link SimulatedNode#main} can build one from environment variables; every check names the
 * environment variable it belongs to, and keys are {@link Secret}s, so neither a failed check nor a
 * printed settings object ever shows a key.
 *
 * @param rpcUrl the chain's JSON-RPC endpoint ({@code NODE_RPC_URL})
 * @param chainId signed into every transaction and checked against the chain ({@code
 *     NODE_CHAIN_ID}, default 133718)
 * @param dataRegistry {@code NODE_DATA_REGISTRY}
 * @param verifiedComputing {@code NODE_VERIFIED_COMPUTING}; the registry must name the same one
 * @param nodePrivateKey the node's wallet, the address jobs are assigned to ({@code
 *     NODE_PRIVATE_KEY})
 * @param rsaPrivateKeyPem PKCS#1 or PKCS#8 PEM that file passwords are wrapped for; null: a fresh
 *     2048-bit key per start ({@code NODE_RSA_PRIVATE_KEY}, or {@code RSA_PRIVATE_KEY_BASE64} as
 *     the reference node takes it)
 * @param host listen address ({@code NODE_HOST}, default 127.0.0.1)
 * @param port listen port, 0 for a free one ({@code NODE_PORT}; 8000, the reference's, when the
 *     variable is not set)
 * @param publicUrl the URL registered on chain; null: {@code http://host:port} ({@code
 *     NODE_PUBLIC_URL})
 * @param maintainerKey a MAINTAINER_ROLE key to register the node with when it is not an active
 *     node yet; null: it must already be ({@code NODE_MAINTAINER_KEY})
 * @param knobs failure injection and the decrypt switch
 */
public record SimulatedNodeSettings(
    String rpcUrl,
    long chainId,
    String dataRegistry,
    String verifiedComputing,
    Secret nodePrivateKey,
    Secret rsaPrivateKeyPem,
    String host,
    int port,
    String publicUrl,
    Secret maintainerKey,
    Knobs knobs) {

  public static final long DEVNET_CHAIN_ID = 133_718;

  /** The reference node's port, used when {@code NODE_PORT} is not set. */
  public static final int REFERENCE_PORT = 8000;

  static final Setting RSA_PEM = Setting.property("NODE_RSA_PRIVATE_KEY");
  private static final Setting RSA_BASE64 = Setting.property("RSA_PRIVATE_KEY_BASE64");

  public SimulatedNodeSettings {
    rpcUrl = Setting.property("NODE_RPC_URL").httpUrl(rpcUrl).toString();
    if (chainId <= 0) {
      throw Setting.property("NODE_CHAIN_ID").problem("must be positive, got " + chainId);
    }
    dataRegistry = Setting.property("NODE_DATA_REGISTRY").address(dataRegistry);
    verifiedComputing = Setting.property("NODE_VERIFIED_COMPUTING").address(verifiedComputing);
    nodePrivateKey = Setting.property("NODE_PRIVATE_KEY").privateKey(nodePrivateKey);
    rsaPrivateKeyPem = rsaPrivateKeyPem == null ? null : checkedPem(RSA_PEM, rsaPrivateKeyPem);
    host = Setting.property("NODE_HOST").host(host == null ? "127.0.0.1" : host);
    if (port < 0 || port > 65_535) {
      throw Setting.property("NODE_PORT").problem("must be 0 (any free port) to 65535");
    }
    publicUrl =
        publicUrl == null
            ? null
            : Setting.property("NODE_PUBLIC_URL").httpUrl(publicUrl).toString();
    maintainerKey =
        maintainerKey == null || maintainerKey.reveal().isBlank()
            ? null
            : Setting.property("NODE_MAINTAINER_KEY").privateKey(maintainerKey);
    knobs = knobs == null ? Knobs.DEFAULTS : knobs;
  }

  /**
   * A node on a free loopback port with a fresh RSA key, no maintainer and the default knobs.
   *
   * @param nodePrivateKey hex, optionally 0x-prefixed
   */
  public static SimulatedNodeSettings of(
      String rpcUrl, String dataRegistry, String verifiedComputing, String nodePrivateKey) {
    return new SimulatedNodeSettings(
        rpcUrl,
        DEVNET_CHAIN_ID,
        dataRegistry,
        verifiedComputing,
        nodePrivateKey == null ? null : Secret.valueOf(nodePrivateKey),
        null,
        null,
        0,
        null,
        null,
        null);
  }

  public SimulatedNodeSettings withRsaPrivateKeyPem(String pem) {
    return new SimulatedNodeSettings(
        rpcUrl,
        chainId,
        dataRegistry,
        verifiedComputing,
        nodePrivateKey,
        pem == null ? null : Secret.valueOf(pem),
        host,
        port,
        publicUrl,
        maintainerKey,
        knobs);
  }

  public SimulatedNodeSettings withPublicUrl(String url) {
    return new SimulatedNodeSettings(
        rpcUrl,
        chainId,
        dataRegistry,
        verifiedComputing,
        nodePrivateKey,
        rsaPrivateKeyPem,
        host,
        port,
        url,
        maintainerKey,
        knobs);
  }

  public SimulatedNodeSettings withMaintainerKey(String key) {
    return new SimulatedNodeSettings(
        rpcUrl,
        chainId,
        dataRegistry,
        verifiedComputing,
        nodePrivateKey,
        rsaPrivateKeyPem,
        host,
        port,
        publicUrl,
        key == null ? null : Secret.valueOf(key),
        knobs);
  }

  public SimulatedNodeSettings withKnobs(Knobs newKnobs) {
    return new SimulatedNodeSettings(
        rpcUrl,
        chainId,
        dataRegistry,
        verifiedComputing,
        nodePrivateKey,
        rsaPrivateKeyPem,
        host,
        port,
        publicUrl,
        maintainerKey,
        newKnobs);
  }

  /**
   * Reads the variables named in the parameter descriptions and the knobs' ({@code
   * NODE_FAILURE_RATE}, {@code NODE_DELAY_MS}, {@code NODE_HANG}, {@code ENABLE_DECRYPT_FILE}).
   *
   * @throws ConfigurationException naming the variable that is missing or malformed
   */
  public static SimulatedNodeSettings fromEnvironment(Map<String, String> env) {
    EnvironmentReader read = new EnvironmentReader(env);
    return new SimulatedNodeSettings(
        read.text("NODE_RPC_URL"),
        read.number("NODE_CHAIN_ID", DEVNET_CHAIN_ID),
        read.text("NODE_DATA_REGISTRY"),
        read.text("NODE_VERIFIED_COMPUTING"),
        read.secret("NODE_PRIVATE_KEY"),
        rsaPem(read, RSA_PEM, RSA_BASE64),
        read.text("NODE_HOST"),
        read.port("NODE_PORT", REFERENCE_PORT),
        read.text("NODE_PUBLIC_URL"),
        read.secret("NODE_MAINTAINER_KEY"),
        new Knobs(
            read.flag("ENABLE_DECRYPT_FILE", true),
            read.fraction("NODE_FAILURE_RATE"),
            Duration.ofMillis(read.number("NODE_DELAY_MS", 0)),
            read.flag("NODE_HANG", false),
            Knobs.DEFAULTS.hangLimit()));
  }

  /** The PEM in {@code pemSetting}, or the base64 of one in {@code base64Setting} (not both). */
  static Secret rsaPem(EnvironmentReader read, Setting pemSetting, Setting base64Setting) {
    Secret pem = read.secret(pemSetting.property());
    Secret base64 = read.secret(base64Setting.property());
    if (pem != null && base64 != null) {
      throw pemSetting.problem("and " + base64Setting + " are both set; set only one");
    }
    if (base64 == null) {
      return pem;
    }
    try {
      byte[] decoded = Base64.getMimeDecoder().decode(base64.reveal().strip());
      return checkedPem(base64Setting, Secret.valueOf(new String(decoded, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      throw base64Setting.problem("is not valid base64 (of a PEM RSA private key)");
    }
  }

  static Secret checkedPem(Setting setting, Secret pem) {
    try {
      RsaKeys.parsePrivate(pem.reveal());
      return pem;
    } catch (CryptoException | IllegalArgumentException e) {
      // RsaKeys describes the problem without quoting the key.
      throw setting.problem(
          "is not a usable RSA private key (PKCS#1 or PKCS#8 PEM): " + e.getMessage());
    }
  }

  /**
   * What a test or an operator turns to make the node misbehave, and the decrypt switch.
   *
   * @param decrypt fetch, decrypt and score the file ({@code ENABLE_DECRYPT_FILE}, on by default
   *     here, off in the reference); off: a random score and no download, as the reference does
   * @param failureRate the share of valid requests answered 500 without touching the chain, 0..1
   * @param delay a pause before each request is processed
   * @param hang accept requests and never answer them (the connection is dropped after {@code
   *     hangLimit}, so that nothing waits forever)
   * @param hangLimit how long a hanging request is held
   */
  public record Knobs(
      boolean decrypt, double failureRate, Duration delay, boolean hang, Duration hangLimit) {
    public static final Knobs DEFAULTS =
        new Knobs(true, 0, Duration.ZERO, false, Duration.ofMinutes(5));

    public Knobs {
      if (!(failureRate >= 0 && failureRate <= 1)) {
        throw Setting.property("NODE_FAILURE_RATE").problem("must be between 0 and 1");
      }
      if (delay == null || delay.isNegative()) {
        throw Setting.property("NODE_DELAY_MS").problem("must be 0 or more");
      }
      if (hangLimit == null || hangLimit.isNegative() || hangLimit.isZero()) {
        throw Setting.property("the hang limit").problem("must be positive");
      }
    }

    public Knobs withDecrypt(boolean on) {
      return new Knobs(on, failureRate, delay, hang, hangLimit);
    }

    public Knobs withFailureRate(double rate) {
      return new Knobs(decrypt, rate, delay, hang, hangLimit);
    }

    public Knobs withDelay(Duration pause) {
      return new Knobs(decrypt, failureRate, pause, hang, hangLimit);
    }

    /** Hangs every request for {@code limit}, then drops its connection unanswered. */
    public Knobs hangingFor(Duration limit) {
      return new Knobs(decrypt, failureRate, delay, true, limit);
    }
  }
}
