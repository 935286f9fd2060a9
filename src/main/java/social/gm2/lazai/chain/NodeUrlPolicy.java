package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a verified-computing node's URL, which anyone with the maintainer role can write
 * on chain, may be called: it must be http(s), and every address its host resolves to must be
 * public unless it falls in an allowed network (the devnet allows loopback). Without this, a node
 * entry could make the service send requests into its own network.
 *
 * <p>The check resolves the name when it runs; a name whose DNS answer changes between the check
 * and the request is not caught.
 */
public final class NodeUrlPolicy {
  private final List<Cidr> allowed;

  public NodeUrlPolicy(List<String> allowedNetworks) {
    this.allowed = allowedNetworks.stream().map(Cidr::parse).toList();
  }

  /** The URL to call, or a {@link ForbiddenNodeUrlException} naming it and the reason. */
  public URI check(String url) {
    URI uri;
    try {
      uri = new URI(url == null ? "" : url.strip());
    } catch (URISyntaxException e) {
      throw new ForbiddenNodeUrlException(url, "is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getHost() == null) {
      throw new ForbiddenNodeUrlException(url, "is not an http(s) URL with a host");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new ForbiddenNodeUrlException(url, "names a host that does not resolve");
    }
    for (InetAddress address : addresses) {
      if (internal(address) && allowed.stream().noneMatch(c -> c.contains(address))) {
        throw new ForbiddenNodeUrlException(
            url,
            "resolves to "
                + address.getHostAddress()
                + ", an internal address;"
                + " allow its network in lazai.chain.allowed-node-networks to call it");
      }
    }
    return uri;
  }

  private static boolean internal(InetAddress a) {
    byte[] b = a.getAddress();
    boolean cgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    boolean uniqueLocal6 = b.length == 16 && (b[0] & 0xfe) == 0xfc;
    return a.isLoopbackAddress()
        || a.isAnyLocalAddress()
        || a.isSiteLocalAddress()
        || a.isLinkLocalAddress()
        || a.isMulticastAddress()
        || cgnat
        || uniqueLocal6;
  }

  /** An address block such as {@code 127.0.0.0/8} or {@code ::1/128}. */
  record Cidr(BigInteger network, int prefix, int bits) {
    static Cidr parse(String text) {
      String[] parts = text.strip().split("/", 2);
      try {
        if (!parts[0].matches("[0-9a-fA-F:.]+")) {
          throw new IllegalArgumentException(); // an IP literal, never a name to resolve
        }
        byte[] address = InetAddress.getByName(parts[0]).getAddress();
        int bits = address.length * 8;
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException();
        }
        return new Cidr(new BigInteger(1, address).shiftRight(bits - prefix), prefix, bits);
      } catch (UnknownHostException | IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a network in CIDR form, such as 127.0.0.0/8 or ::1/128");
      }
    }

    boolean contains(InetAddress address) {
      byte[] b = address.getAddress();
      return b.length * 8 == bits && new BigInteger(1, b).shiftRight(bits - prefix).equals(network);
    }
  }
}
