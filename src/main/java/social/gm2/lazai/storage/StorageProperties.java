package social.gm2.lazai.storage;

import java.util.Base64;
import org.springframework.boot.context.properties.ConfigurationProperties;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;

/**
 * Where ciphertexts are stored.
 *
 * @param pinata the Pinata account that pins production files
 */
@ConfigurationProperties("lazai.storage")
public record StorageProperties(Pinata pinata) {

  public StorageProperties {
    pinata = pinata == null ? new Pinata(null, null) : pinata;
  }

  /**
   * Pinata's v3 upload API.
   *
   * @param jwt the API key's JWT ({@code IPFS_JWT}); sent as a bearer token
   * @param gatewayUrl the gateway that share links point to
   */
  public record Pinata(Secret jwt, String gatewayUrl) {
    private static final Setting JWT = new Setting("IPFS_JWT", "lazai.storage.pinata.jwt");
    private static final Setting GATEWAY = Setting.property("lazai.storage.pinata.gateway-url");

    public Pinata {
      if (jwt != null && !jwt.isEmpty() && !looksLikeJwt(jwt.reveal().strip())) {
        throw JWT.problem(
            "does not look like a JWT (three base64url parts separated by dots);"
                + " copy the JWT of a Pinata API key");
      }
      jwt = jwt == null || jwt.isEmpty() ? null : Secret.valueOf(jwt.reveal().strip());
      gatewayUrl =
          GATEWAY
              .httpUrl(gatewayUrl == null ? "https://gateway.pinata.cloud" : gatewayUrl)
              .toString()
              .replaceAll("/+$", "");
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
}
