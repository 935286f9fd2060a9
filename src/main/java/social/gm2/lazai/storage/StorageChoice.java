package social.gm2.lazai.storage;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.config.Setting;
import social.gm2.lazai.storage.StorageProperties.Provider;

/**
 * Which store runs, decided by settings, never by a missing secret. Share URLs go on chain for good
 * and a verified-computing node must download the file from them, so outside the local devnet (with
 * {@code APP_ENV=production}, or any chain the devnet detection does not recognise) the service
 * needs Pinata ({@code IPFS_JWT}), or a local store chosen explicitly with a public base URL. On
 * the devnet, the old default stays: Pinata with {@code IPFS_JWT}, else the local store on
 * loopback.
 */
public final class StorageChoice {
  private static final Setting IPFS_JWT = new Setting("IPFS_JWT", "lazai.storage.pinata.jwt");

  private StorageChoice() {}

  /**
   * @param explicit {@code lazai.storage.provider} as set, or null
   * @param jwt whether {@code IPFS_JWT} is set
   * @param publicBaseUrl {@code lazai.storage.local.public-base-url}, or null
   * @param production {@code APP_ENV=production}
   * @param devnet the service runs against the local devnet
   * @throws ConfigurationException naming {@code IPFS_JWT}
   */
  public static Provider choose(
      Provider explicit, boolean jwt, String publicBaseUrl, boolean production, boolean devnet) {
    if (explicit == Provider.PINATA || (explicit == null && jwt)) {
      return Provider.PINATA;
    }
    boolean local = !production && devnet;
    if (explicit == null) {
      if (local) {
        return Provider.LOCAL;
      }
      throw IPFS_JWT.problem(
          "is required "
              + where(production)
              + ": set it to the JWT of a Pinata API key, or set lazai.storage.provider=local"
              + " with lazai.storage.local.public-base-url at a public address that the"
              + " verified-computing nodes can reach");
    }
    if (local) {
      return Provider.LOCAL;
    }
    String jwtState = jwt ? "is set, but" : "is not set and";
    if (publicBaseUrl == null) {
      throw IPFS_JWT.problem(
          jwtState
              + " lazai.storage.provider=local has no lazai.storage.local.public-base-url "
              + where(production)
              + ": the share URLs would point at loopback, which no node can reach; use Pinata"
              + " (IPFS_JWT) or a public base URL");
    }
    Optional<String> internal = internal(publicBaseUrl);
    if (internal.isPresent()) {
      throw IPFS_JWT.problem(
          jwtState
              + " lazai.storage.local.public-base-url "
              + internal.get()
              + " "
              + where(production)
              + ": no verified-computing node can fetch the files from there; use Pinata"
              + " (IPFS_JWT) or a public base URL");
    }
    return Provider.LOCAL;
  }

  private static String where(boolean production) {
    return production ? "with APP_ENV=production" : "on a chain other than the local devnet";
  }

  /** Why the URL's host is not public (loopback, link-local, private…), or empty. */
  static Optional<String> internal(String url) {
    String host = URI.create(url).getHost();
    if (host == null) {
      return Optional.of("has no host");
    }
    host = host.replaceAll("^\\[|\\]$", "").toLowerCase(Locale.ROOT);
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return Optional.of("is on loopback (" + host + ")");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      return Optional
          .empty(); // a name this machine cannot resolve now: nothing says it is internal
    }
    for (InetAddress address : addresses) {
      Optional<String> kind = kind(address);
      if (kind.isPresent()) {
        return Optional.of("is " + kind.get() + " (" + address.getHostAddress() + ")");
      }
    }
    return Optional.empty();
  }

  private static Optional<String> kind(InetAddress a) {
    byte[] b = a.getAddress();
    if (a.isLoopbackAddress()) {
      return Optional.of("on loopback");
    }
    if (a.isLinkLocalAddress()) {
      return Optional.of("link-local");
    }
    if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
      return Optional.of("not a host address");
    }
    if (a.isSiteLocalAddress()
        || (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) // carrier-grade NAT
        || (b.length == 16 && (b[0] & 0xfe) == 0xfc)) { // IPv6 unique local
      return Optional.of("private");
    }
    return Optional.empty();
  }
}
