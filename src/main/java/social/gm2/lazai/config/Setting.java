package social.gm2.lazai.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One configurable value as a user knows it: the original service's variable (for example {@code
 * LAZAI_CONFIG.privateKey}) and the Spring property it binds to. Its checks throw {@link
 * ConfigurationException}s that name both and describe the problem without echoing the value, so
 * they are safe for secrets too.
 */
public record Setting(String legacyName, String property) {

  private static final Pattern HEX_KEY = Pattern.compile("(0x)?[0-9a-fA-F]{64}");
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$-]{1,64}");

  /** A setting that exists only as a Spring property, with no variable of the original service. */
  public static Setting property(String property) {
    return new Setting(null, property);
  }

  /** The same setting at a sub-path, e.g. {@code MASTER_DB} → {@code MASTER_DB.host}. */
  public Setting child(String legacyField, String propertyField) {
    String legacy = legacyName == null ? null : legacyName + "." + legacyField;
    return new Setting(legacy, property + "." + propertyField);
  }

  /** The same setting at a list index, e.g. {@code SLAVES_DB} → {@code SLAVES_DB[1]}. */
  public Setting index(int i) {
    String legacy = legacyName == null ? null : legacyName + "[" + i + "]";
    return new Setting(legacy, property + "[" + i + "]");
  }

  public ConfigurationException problem(String problem) {
    return new ConfigurationException(this + " " + problem);
  }

  public <T> T required(T value) {
    if (value == null || value instanceof String s && s.isBlank()) {
      throw problem("is required but not set");
    }
    return value;
  }

  public String requiredText(String value) {
    return required(value).strip();
  }

  /** A secp256k1 private key: 32 bytes as 64 hex digits, with or without {@code 0x}. */
  public Secret privateKey(Secret key) {
    required(key);
    String value = key.reveal().strip();
    if (!HEX_KEY.matcher(value).matches()) {
      String digits = value.startsWith("0x") ? value.substring(2) : value;
      throw problem(
          "must be a private key of 32 bytes in hex (64 hex digits, optionally 0x-prefixed);"
              + (digits.matches("[0-9a-fA-F]*")
                  ? " the value given has " + digits.length() + " hex digits"
                  : " the value given contains characters that are not hex digits"));
    }
    if (value.replaceFirst("^0x", "").matches("0+")) {
      throw problem("must be a private key, not zero");
    }
    return Secret.valueOf(value.startsWith("0x") ? value : "0x" + value);
  }

  /** A 20-byte account or contract address, 0x-prefixed hex; returned lower-cased. */
  public String address(String value) {
    String address = requiredText(value);
    if (!ADDRESS.matcher(address).matches()) {
      throw problem("must be an address: 0x followed by 40 hex digits, got '" + address + "'");
    }
    return address.toLowerCase(Locale.ROOT);
  }

  /** An absolute http(s) URL with a host. */
  public URI httpUrl(String value) {
    return url(value, Set.of("http", "https"));
  }

  private URI url(String value, Set<String> schemes) {
    String text = requiredText(value);
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!schemes.contains(scheme) || uri.getHost() == null) {
        throw problem(
            "must be an absolute URL with a host and one of the schemes "
                + schemes.stream().sorted().toList()
                + ", got '"
                + withoutUserInfo(text)
                + "'");
      }
      if (uri.getUserInfo() != null) {
        throw problem("must not carry credentials in the URL (user:password@host)");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw problem("is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
    }
  }

  /** A host name or IP address. */
  public String host(String value) {
    String host = requiredText(value);
    boolean ipv6 = host.contains(":") && host.matches("[0-9a-fA-F:.]+");
    if (!ipv6 && !HOST.matcher(host).matches()) {
      throw problem("must be a host name or IP address, got '" + host + "'");
    }
    return host;
  }

  public int port(Integer value, int defaultPort) {
    int port = value == null ? defaultPort : value;
    if (port < 1 || port > 65535) {
      throw problem("must be a TCP port between 1 and 65535, got " + port);
    }
    return port;
  }

  /** A database name: letters, digits, {@code _ $ -}, at most 64 characters. */
  public String identifier(String value) {
    String name = requiredText(value);
    if (!IDENTIFIER.matcher(name).matches()) {
      throw problem("must be 1-64 letters, digits, '_', '$' or '-', got '" + name + "'");
    }
    return name;
  }

  /** Hides {@code user:password@} in a URL that is about to be quoted in a message. */
  private static String withoutUserInfo(String url) {
    return url.replaceAll("//[^/@]*@", "//***@");
  }

  @Override
  public String toString() {
    return legacyName == null ? property : legacyName + " (" + property + ")";
  }
}
