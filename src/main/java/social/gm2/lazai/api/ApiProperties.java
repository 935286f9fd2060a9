package social.gm2.lazai.api;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;

/**
 * The REST API, badge and dashboard settings.
 *
 * @param keys the API keys that may call the write endpoints ({@code X-API-Key}) and open the
 *     dashboard (HTTP Basic, the key as password); secrets, never logged. None: writes and the
 *     dashboard are refused (403) and startup warns
 * @param explorerUrl the block explorer that badges and the dashboard link to ({@code
 *     <explorer>/tx/<hash>}); default the LazAI testnet explorer; {@code none} (or empty): no
 *     explorer (a devnet): the dashboard links to its own transaction view, the API and badges
 *     carry no explorer URL
 * @param maxPageSize the largest page {@code GET /api/v1/mints} answers (default 100)
 */
@ConfigurationProperties("lazai.api")
public record ApiProperties(List<Secret> keys, String explorerUrl, Integer maxPageSize) {
  static final int MIN_KEY_LENGTH = 16;
  static final String NO_EXPLORER = "none";
  private static final Setting AT = Setting.property("lazai.api");

  public ApiProperties {
    keys = keys == null ? List.of() : List.copyOf(keys);
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).reveal().strip().length() < MIN_KEY_LENGTH) {
        throw AT.child(null, "keys")
            .index(i)
            .problem("must have at least " + MIN_KEY_LENGTH + " characters (a random token)");
      }
    }
    String explorer = explorerUrl == null ? "https://testnet-explorer.lazai.network" : explorerUrl;
    if (explorer.isBlank() || explorer.strip().equalsIgnoreCase(NO_EXPLORER)) {
      explorerUrl = null;
    } else {
      URI uri = AT.child(null, "explorer-url").httpUrl(explorer);
      explorerUrl = uri.toString().replaceAll("/+$", "");
    }
    maxPageSize = maxPageSize == null ? 100 : maxPageSize;
    if (maxPageSize < 1 || maxPageSize > 1000) {
      throw AT.child(null, "max-page-size").problem("must be 1 to 1000, got " + maxPageSize);
    }
  }

  /** The explorer page of a transaction, null when no explorer is configured. */
  public String txUrl(String txHash) {
    return explorerUrl == null ? null : explorerUrl + "/tx/" + txHash;
  }

  /** Whether an explorer is configured (none on a devnet). */
  public boolean hasExplorer() {
    return explorerUrl != null;
  }

  @Override
  public String toString() {
    return "ApiProperties[keys="
        + keys.size()
        + " configured, explorerUrl="
        + (explorerUrl == null ? NO_EXPLORER : explorerUrl)
        + ", maxPageSize="
        + maxPageSize
        + "]";
  }
}
