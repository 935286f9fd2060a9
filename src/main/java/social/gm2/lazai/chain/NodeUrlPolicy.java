package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a verified-computing node's URL, which anyone with the maintainer role can write
 * on chain, may be called: it must be http(s), and every address its host resolves to must be
 * public unless it falls in an allowed network (the devnet allows loopback). Without this, a node
 * entry could make the service send requests into its own network.
 *
 * <p>{@link #resolve} resolves the name once and returns the addresses it checked; the caller
 * connects to those (never resolving again), so a DNS answer that changes after the check cannot
 * send the request elsewhere. An IPv6 address that embeds an IPv4 one (IPv4-mapped,
 * IPv4-compatible, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged by the IPv4
 * address; Teredo is refused outright, its embedded address being obfuscated.
 */
public final class NodeUrlPolicy {
  private static final List<Cidr> INTERNAL_V4 =
      cidrs(
          "0.0.0.0/8", // "this network"
          "10.0.0.0/8",
          "100.64.0.0/10", // carrier-grade NAT
          "127.0.0.0/8",
          "169.254.0.0/16", // link-local, cloud metadata
          "172.16.0.0/12",
          "192.0.0.0/24", // IETF protocol assignments
          "192.0.2.0/24", // documentation
          "192.88.99.0/24", // 6to4 relay anycast
          "192.168.0.0/16",
          "198.18.0.0/15", // benchmarking
          "198.51.100.0/24", // documentation
          "203.0.113.0/24", // documentation
          "224.0.0.0/4", // multicast
          "240.0.0.0/4"); // reserved, and 255.255.255.255
  private static final List<Cidr> INTERNAL_V6 =
      cidrs(
          "::/128",
          "::1/128",
          "64:ff9b:1::/48", // local-use NAT64
          "100::/64", // discard-only
          "2001::/32", // Teredo
          "2001:db8::/32", // documentation
          "3fff::/20", // documentation
          "fc00::/7", // unique local
          "fe80::/10", // link-local
          "fec0::/10", // site-local (deprecated)
          "ff00::/8"); // multicast
  private static final Cidr MAPPED = Cidr.parse("::ffff:0:0/96");
  private static final Cidr COMPATIBLE = Cidr.parse("::/96");
  private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
  private static final List<Cidr> UNSPECIFIED_OR_LOOPBACK = cidrs("::/128", "::1/128");

  private final List<Cidr> allowed;
  private final String allowSetting;

  public NodeUrlPolicy(List<String> allowedNetworks) {
    this(allowedNetworks, "lazai.chain.allowed-node-networks");
  }

  /**
   * The same policy for other outbound URLs (webhook subscribers), with {@code allowSetting} named
   * in refusals as the setting that allows an internal network.
   */
  public NodeUrlPolicy(List<String> allowedNetworks, String allowSetting) {
    this.allowed = allowedNetworks.stream().map(Cidr::parse).toList();
    this.allowSetting = allowSetting;
  }

  /**
   * A node URL that passed, with the addresses its host resolved to when it was checked: connect to
   * these, not to a fresh lookup of the host.
   */
  public record Target(URI uri, List<InetAddress> addresses) {
    public Target {
      addresses = List.copyOf(addresses);
    }

    /**
     * The checked addresses when {@code host} is the checked host (an OkHttp {@code Dns} pinned to
     * them); any other host, as a redirect would bring, is not resolved.
     */
    public List<InetAddress> lookup(String host) throws UnknownHostException {
      String checked = bare(uri.getHost());
      if (!bare(host).equals(checked)) {
        throw new UnknownHostException(host + " is not the host that was checked");
      }
      return addresses;
    }

    private static String bare(String host) {
      return host.replaceAll("^\\[|\\]$", "").toLowerCase(Locale.ROOT);
    }
  }

  /** The URL to call, or a {@link ForbiddenNodeUrlException} naming it and the reason. */
  public URI check(String url) {
    return resolve(url).uri();
  }

  /**
   * Checks the URL and every address its host resolves to, once.
   *
   * @throws ForbiddenNodeUrlException naming the URL and the reason
   */
  public Target resolve(String url) {
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
      if (forbidden(address)) {
        throw new ForbiddenNodeUrlException(
            url,
            "resolves to "
                + address.getHostAddress()
                + ", an internal address; allow its network in "
                + allowSetting
                + " to call it");
      }
    }
    return new Target(uri, Arrays.asList(addresses));
  }

  /** Whether the service must not call {@code address}. */
  boolean forbidden(InetAddress address) {
    if (allowed.stream().anyMatch(c -> c.contains(address))) {
      return false;
    }
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return INTERNAL_V4.stream().anyMatch(c -> c.contains(address));
    }
    InetAddress embedded = embeddedIpv4(address, b);
    if (embedded != null) {
      return forbidden(embedded);
    }
    return INTERNAL_V6.stream().anyMatch(c -> c.contains(address));
  }

  /** The IPv4 address an IPv6 one carries by a standard translation, or null. */
  private static InetAddress embeddedIpv4(InetAddress address, byte[] b) {
    int from;
    if (MAPPED.contains(address) || NAT64.contains(address)) {
      from = 12;
    } else if (COMPATIBLE.contains(address)) {
      if (UNSPECIFIED_OR_LOOPBACK.stream().anyMatch(c -> c.contains(address))) {
        return null; // "::" and "::1" are themselves, not 0.0.0.0 and 0.0.0.1
      }
      from = 12;
    } else if (SIX_TO_FOUR.contains(address)) {
      from = 2;
    } else {
      return null;
    }
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(b, from, from + 4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Cidr> cidrs(String... networks) {
    return Arrays.stream(networks).map(Cidr::parse).toList();
  }

  /** An address block such as {@code 127.0.0.0/8} or {@code ::1/128}. */
  record Cidr(BigInteger network, int prefix, int bits) {
    static Cidr parse(String text) {
      String[] parts = text.strip().split("/", 2);
      try {
        if (!parts[0].matches("[0-9a-fA-F:.]+")) {
          throw new IllegalArgumentException(); // an IP literal, never a name to resolve
        }
        byte[] address = literal(parts[0]);
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

    /**
     * The literal's bytes; an IPv6 literal stays 16 bytes even when it is IPv4-mapped (which the
     * JDK would turn into an IPv4 address).
     */
    private static byte[] literal(String text) throws UnknownHostException {
      byte[] address = InetAddress.getByName(text).getAddress();
      if (address.length == 4 && text.contains(":")) {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address, 0, mapped, 12, 4);
        return mapped;
      }
      return address;
    }

    boolean contains(InetAddress address) {
      byte[] b = address.getAddress();
      return b.length * 8 == bits && new BigInteger(1, b).shiftRight(bits - prefix).equals(network);
    }
  }
}
