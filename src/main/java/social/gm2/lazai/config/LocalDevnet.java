package social.gm2.lazai.config;

import java.net.URI;
import java.util.Locale;
import org.springframework.core.env.Environment;

/**
 * Whether the service runs against the local devnet, where defaults meant for a developer's machine
 * (a local IPFS store on loopback, a log scan from the contracts' deployment block) are right. The
 * devnet uses LazAI testnet's chain id, so the chain id cannot tell; what can: the JSON-RPC
 * endpoint is on this machine (loopback) and {@code APP_ENV} is not {@code production}. {@code
 * lazai.chain.devnet} (true/false) overrides the guess, e.g. for a production node reached through
 * a loopback tunnel.
 */
public final class LocalDevnet {
  private LocalDevnet() {}

  /** From the settings as startup binds them. */
  public static boolean is(Environment env) {
    return is(
        env.getProperty("lazai.chain.devnet"),
        env.getProperty("lazai.app-env"),
        env.getProperty("lazai.chain.rpc-url"));
  }

  /**
   * @param explicit {@code lazai.chain.devnet}, or null
   * @param appEnv {@code lazai.app-env} (normalised {@code APP_ENV}), or null
   * @param rpcUrl {@code lazai.chain.rpc-url}, or null
   */
  public static boolean is(String explicit, String appEnv, String rpcUrl) {
    if (explicit != null && !explicit.isBlank()) {
      String value = explicit.strip().toLowerCase(Locale.ROOT);
      if (!value.equals("true") && !value.equals("false")) {
        throw Setting.property("lazai.chain.devnet").problem("must be true or false");
      }
      return value.equals("true");
    }
    return !production(appEnv) && loopback(rpcUrl);
  }

  /** Whether {@code APP_ENV} (normalised) says production. */
  public static boolean production(String appEnv) {
    return appEnv != null && appEnv.strip().equalsIgnoreCase("production");
  }

  private static boolean loopback(String url) {
    if (url == null || url.isBlank()) {
      return false;
    }
    String host;
    try {
      host = URI.create(url.strip()).getHost();
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (host == null) {
      return false;
    }
    host = host.replaceAll("^\\[|\\]$", "").toLowerCase(Locale.ROOT);
    return host.equals("localhost")
        || host.endsWith(".localhost")
        || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1")
        || host.matches("127(\\.\\d{1,3}){3}");
  }
}
