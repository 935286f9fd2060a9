package social.gm2.lazai.devnet;

import java.math.BigInteger;
import java.util.Map;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;

/**
 * How a {@link SimulatedInferenceNode} runs; a value like {@link SimulatedNodeSettings}, whose
 * environment variable names it takes with an {@code INFERENCE_} prefix, so that one process (a
 * quickstart) can configure both nodes from one environment. Keys are {@link Secret}s.
 *
 * @param rpcUrl {@code INFERENCE_NODE_RPC_URL}
 * @param chainId {@code INFERENCE_NODE_CHAIN_ID}, default 133718
 * @param dataRegistry where files and their permissions are read ({@code
 *     INFERENCE_NODE_DATA_REGISTRY})
 * @param inference the Inference (AIProcess) contract the node is registered in and settles fees
 *     with ({@code INFERENCE_NODE_INFERENCE})
 * @param nodePrivateKey the node's wallet: the {@code node} of every account and user signature
 *     ({@code INFERENCE_NODE_PRIVATE_KEY})
 * @param rsaPrivateKeyPem the key file permissions granted to the DataRegistry address are
 *     decrypted with, i.e. the private half of {@code DataRegistry.publicKey()}; null: a fresh key
 *     per start, so RAG works only for files whose permission was wrapped for it ({@code
 *     INFERENCE_NODE_RSA_PRIVATE_KEY}, a PKCS#1 or PKCS#8 PEM, or {@code
 *     INFERENCE_NODE_RSA_PRIVATE_KEY_BASE64}, the base64 of one)
 * @param host {@code INFERENCE_NODE_HOST}, default 127.0.0.1
 * @param port {@code INFERENCE_NODE_PORT}, 0 for a free one; 8001 when the variable is not set
 * @param publicUrl the URL registered on chain, null: {@code http://host:port} ({@code
 *     NODE_PUBLIC_URL})
 * @param maintainerKey registers the node on the Inference contract when it is not an active node
 *     yet ({@code INFERENCE_NODE_MAINTAINER_KEY}); null: it must already be
 * @param pricePerToken wei charged per {@code usage.total_tokens} ({@code
 *     INFERENCE_NODE_PRICE_PER_TOKEN}, default 100 as the reference's {@code price_per_token})
 */
public record InferenceNodeSettings(
    String rpcUrl,
    long chainId,
    String dataRegistry,
    String inference,
    Secret nodePrivateKey,
    Secret rsaPrivateKeyPem,
    String host,
    int port,
    String publicUrl,
    Secret maintainerKey,
    BigInteger pricePerToken) {

  /** The port used when {@code INFERENCE_NODE_PORT} is not set (8000 is the proof node's). */
  public static final int DEFAULT_PORT = 8001;

  public static final BigInteger DEFAULT_PRICE_PER_TOKEN = BigInteger.valueOf(100);

  private static final Setting RSA_PEM = Setting.property("INFERENCE_NODE_RSA_PRIVATE_KEY");
  private static final Setting RSA_BASE64 =
      Setting.property("INFERENCE_NODE_RSA_PRIVATE_KEY_BASE64");

  public InferenceNodeSettings {
    rpcUrl = Setting.property("INFERENCE_NODE_RPC_URL").httpUrl(rpcUrl).toString();
    if (chainId <= 0) {
      throw Setting.property("INFERENCE_NODE_CHAIN_ID").problem("must be positive, got " + chainId);
    }
    dataRegistry = Setting.property("INFERENCE_NODE_DATA_REGISTRY").address(dataRegistry);
    inference = Setting.property("INFERENCE_NODE_INFERENCE").address(inference);
    nodePrivateKey = Setting.property("INFERENCE_NODE_PRIVATE_KEY").privateKey(nodePrivateKey);
    rsaPrivateKeyPem =
        rsaPrivateKeyPem == null
            ? null
            : SimulatedNodeSettings.checkedPem(RSA_PEM, rsaPrivateKeyPem);
    host = Setting.property("INFERENCE_NODE_HOST").host(host == null ? "127.0.0.1" : host);
    if (port < 0 || port > 65_535) {
      throw Setting.property("INFERENCE_NODE_PORT").problem("must be 0 (any free port) to 65535");
    }
    publicUrl =
        publicUrl == null
            ? null
            : Setting.property("INFERENCE_NODE_PUBLIC_URL").httpUrl(publicUrl).toString();
    maintainerKey =
        maintainerKey == null || maintainerKey.reveal().isBlank()
            ? null
            : Setting.property("INFERENCE_NODE_MAINTAINER_KEY").privateKey(maintainerKey);
    pricePerToken = pricePerToken == null ? DEFAULT_PRICE_PER_TOKEN : pricePerToken;
    if (pricePerToken.signum() < 0) {
      throw Setting.property("INFERENCE_NODE_PRICE_PER_TOKEN").problem("must be 0 or more wei");
    }
  }

  /**
   * A node on a free loopback port with a fresh RSA key, no maintainer and the default price.
   *
   * @param nodePrivateKey hex, optionally 0x-prefixed
   */
  public static InferenceNodeSettings of(
      String rpcUrl, String dataRegistry, String inference, String nodePrivateKey) {
    return new InferenceNodeSettings(
        rpcUrl,
        SimulatedNodeSettings.DEVNET_CHAIN_ID,
        dataRegistry,
        inference,
        nodePrivateKey == null ? null : Secret.valueOf(nodePrivateKey),
        null,
        null,
        0,
        null,
        null,
        null);
  }

  public InferenceNodeSettings withRsaPrivateKeyPem(String pem) {
    return new InferenceNodeSettings(
        rpcUrl,
        chainId,
        dataRegistry,
        inference,
        nodePrivateKey,
        pem == null ? null : Secret.valueOf(pem),
        host,
        port,
        publicUrl,
        maintainerKey,
        pricePerToken);
  }

  public InferenceNodeSettings withMaintainerKey(String key) {
    return new InferenceNodeSettings(
        rpcUrl,
        chainId,
        dataRegistry,
        inference,
        nodePrivateKey,
        rsaPrivateKeyPem,
        host,
        port,
        publicUrl,
        key == null ? null : Secret.valueOf(key),
        pricePerToken);
  }

  public InferenceNodeSettings withPricePerToken(BigInteger price) {
    return new InferenceNodeSettings(
        rpcUrl,
        chainId,
        dataRegistry,
        inference,
        nodePrivateKey,
        rsaPrivateKeyPem,
        host,
        port,
        publicUrl,
        maintainerKey,
        price);
  }

  /**
   * Reads the variables named in the parameter descriptions.
   *
   * @throws ConfigurationException naming the variable that is missing or malformed
   */
  public static InferenceNodeSettings fromEnvironment(Map<String, String> env) {
    EnvironmentReader read = new EnvironmentReader(env);
    return new InferenceNodeSettings(
        read.text("INFERENCE_NODE_RPC_URL"),
        read.number("INFERENCE_NODE_CHAIN_ID", SimulatedNodeSettings.DEVNET_CHAIN_ID),
        read.text("INFERENCE_NODE_DATA_REGISTRY"),
        read.text("INFERENCE_NODE_INFERENCE"),
        read.secret("INFERENCE_NODE_PRIVATE_KEY"),
        SimulatedNodeSettings.rsaPem(read, RSA_PEM, RSA_BASE64),
        read.text("INFERENCE_NODE_HOST"),
        read.port("INFERENCE_NODE_PORT", DEFAULT_PORT),
        read.text("INFERENCE_NODE_PUBLIC_URL"),
        read.secret("INFERENCE_NODE_MAINTAINER_KEY"),
        BigInteger.valueOf(
            read.number(
                "INFERENCE_NODE_PRICE_PER_TOKEN", DEFAULT_PRICE_PER_TOKEN.longValueExact())));
  }
}
