package social.gm2.lazai.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import social.gm2.lazai.config.LocalDevnet;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;

/**
 * Where ciphertexts are stored.
 *
 * @param provider {@code pinata} (what the original service used) or {@code local} (a directory
 *     served by this service's own {@code /ipfs/{cid}} gateway). Default: {@code pinata} when
 *     {@code IPFS_JWT} is set; without it, {@code local} on the local devnet only (so a quickstart
 *     needs no account), and anywhere else startup fails naming {@code IPFS_JWT} ({@link
 *     StorageChoice})
 * @param maxSize the largest file a store accepts; 90MB by default because Pinata takes up to 100
 *     MB in one {@code /v3/files} request (larger files need its TUS upload, which the Pinata SDK
 *     switches to at 90 MiB and this service does not implement)
 * @param local the local store
 * @param pinata the Pinata account that pins production files
 */
@ConfigurationProperties("lazai.storage")
public record StorageProperties(Provider provider, DataSize maxSize, Local local, Pinata pinata) {

  /** Which {@link ContentStore} adapter runs. */
  public enum Provider {
    LOCAL,
    PINATA
  }

  private static final Setting MAX_SIZE = Setting.property("lazai.storage.max-size");

  public StorageProperties {
    pinata = pinata == null ? new Pinata(null, null, null, null, null, null) : pinata;
    local = local == null ? new Local(null, null, null, null) : local;
    provider =
        provider == null ? (pinata.jwt() == null ? Provider.LOCAL : Provider.PINATA) : provider;
    if (provider == Provider.PINATA && pinata.jwt() == null) {
      throw Pinata.JWT.problem(
          "is required when lazai.storage.provider is pinata; set it to the JWT of a Pinata API key"
              + " or choose lazai.storage.provider=local");
    }
    maxSize = maxSize == null ? DataSize.ofMegabytes(90) : maxSize;
    if (maxSize.toBytes() < 1) {
      throw MAX_SIZE.problem("must be at least 1B");
    }
  }

  /**
   * The local store: files in a directory, served by {@code GET /ipfs/{cid}}.
   *
   * @param directory where files live ({@code ./data/ipfs} by default); created when missing
   * @param publicBaseUrl the base of share URLs, which go on chain: the node that scores a file
   *     downloads it from {@code <publicBaseUrl>/ipfs/<cid>?download=true}, so it must reach this
   *     service there. Unset: {@code http://127.0.0.1:<server.port>}, right for the local devnet
   *     only
   * @param cidVersion 1 (default, raw leaves, like Pinata) or 0 (Kubo's {@code Qm…} default)
   * @param minFreeSpace the storage health turns DOWN below this much free space (100MB default)
   */
  public record Local(
      Path directory, String publicBaseUrl, Integer cidVersion, DataSize minFreeSpace) {
    private static final String PREFIX = "lazai.storage.local.";

    public Local {
      directory = directory == null ? Path.of("data", "ipfs") : directory;
      publicBaseUrl =
          publicBaseUrl == null || publicBaseUrl.isBlank()
              ? null
              : withoutTrailingSlash(
                  Setting.property(PREFIX + "public-base-url").httpUrl(publicBaseUrl).toString());
      cidVersion = cidVersion == null ? 1 : cidVersion;
      if (cidVersion != 0 && cidVersion != 1) {
        throw Setting.property(PREFIX + "cid-version").problem("must be 0 or 1, got " + cidVersion);
      }
      minFreeSpace = minFreeSpace == null ? DataSize.ofMegabytes(100) : minFreeSpace;
      if (minFreeSpace.isNegative()) {
        throw Setting.property(PREFIX + "min-free-space").problem("must not be negative");
      }
    }
  }

  /**
   * Pinata's v3 API.
   *
   * @param jwt the API key's JWT ({@code IPFS_JWT}); sent as a bearer token
   * @param gatewayUrl the gateway that share links point to, and that files are read back from
   * @param uploadUrl where {@code POST /v3/files} goes ({@code https://uploads.pinata.cloud})
   * @param apiUrl where {@code GET /v3/files/public?cid=} goes ({@code https://api.pinata.cloud})
   * @param connectTimeout connecting to Pinata (10s)
   * @param timeout waiting for an answer once a request is sent (60s); an upload gets one more
   *     second per 256 KiB, so a slow link does not fail a large file
   */
  public record Pinata(
      Secret jwt,
      String gatewayUrl,
      String uploadUrl,
      String apiUrl,
      Duration connectTimeout,
      Duration timeout) {
    private static final Setting JWT = new Setting("IPFS_JWT", "lazai.storage.pinata.jwt");
    private static final String PREFIX = "lazai.storage.pinata.";

    public Pinata {
      if (jwt != null && !jwt.isEmpty() && !looksLikeJwt(jwt.reveal().strip())) {
        throw JWT.problem(
            "does not look like a JWT (three base64url parts separated by dots);"
                + " copy the JWT of a Pinata API key");
      }
      jwt = jwt == null || jwt.isEmpty() ? null : Secret.valueOf(jwt.reveal().strip());
      gatewayUrl = url("gateway-url", gatewayUrl, "https://gateway.pinata.cloud");
      uploadUrl = url("upload-url", uploadUrl, "https://uploads.pinata.cloud");
      apiUrl = url("api-url", apiUrl, "https://api.pinata.cloud");
      connectTimeout = positive("connect-timeout", connectTimeout, Duration.ofSeconds(10));
      timeout = positive("timeout", timeout, Duration.ofSeconds(60));
    }

    private static String url(String name, String value, String fallback) {
      return withoutTrailingSlash(
          Setting.property(PREFIX + name).httpUrl(value == null ? fallback : value).toString());
    }

    private static Duration positive(String name, Duration value, Duration fallback) {
      Duration duration = value == null ? fallback : value;
      if (duration.isNegative() || duration.isZero()) {
        throw Setting.property(PREFIX + name).problem("must be positive, got " + duration);
      }
      return duration;
    }

    private static boolean looksLikeJwt(String token) {
      String[] parts = token.split("\\.", -1);
      if (parts.length != 3) {
        return false;
      }
      try {
        for (String part : parts) {
          Base64.getUrlDecoder().decode(part);
        }
        return !parts[0].isEmpty() && !parts[1].isEmpty();
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
  }

  private static String withoutTrailingSlash(String url) {
    return url.replaceAll("/+$", "");
  }

  /**
   * The provider the settings in {@code environment} select, bound as startup binds them, so that a
   * bad setting fails with its own message when an adapter's condition asks.
   */
  public static Provider provider(org.springframework.core.env.Environment environment) {
    StorageProperties bound =
        org.springframework.boot.context.properties.bind.Binder.get(environment)
            .bindOrCreate("lazai.storage", StorageProperties.class);
    String explicit = environment.getProperty("lazai.storage.provider");
    return StorageChoice.choose(
        explicit == null || explicit.isBlank() ? null : bound.provider(),
        bound.pinata().jwt() != null,
        bound.local().publicBaseUrl(),
        LocalDevnet.production(environment.getProperty("lazai.app-env")),
        LocalDevnet.is(environment));
  }
}
