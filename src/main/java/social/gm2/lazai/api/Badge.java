package social.gm2.lazai.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A token's "AI-attested" badge: green and linking to the attestation transaction on the explorer,
 * or grey "not attested". Rendered from fixed text and a transaction URL that is only used when the
 * hash is 32 bytes of hex, and escaped all the same, so nothing a client sends reaches the SVG.
 *
 * @param txUrl the explorer page of the attestation transaction, null when not attested or when no
 *     explorer is configured
 */
public record Badge(boolean attested, String txUrl) {
  static final String LABEL = "LazAI";
  private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final int CHAR_WIDTH = 7;
  private static final int PADDING = 10;

  /** The badge for an attestation tx (null: not attested); {@code explorerUrl} null: no link. */
  public static Badge of(String attestationTxHash, String explorerUrl) {
    if (attestationTxHash == null || !TX_HASH.matcher(attestationTxHash).matches()) {
      return new Badge(false, null);
    }
    return new Badge(true, explorerUrl == null ? null : explorerUrl + "/tx/" + attestationTxHash);
  }

  public String message() {
    return attested ? "AI-attested" : "not attested";
  }

  public String color() {
    return attested ? "#2e9e44" : "#9f9f9f";
  }

  /** shields.io's endpoint badge shape, plus {@code attested} and {@code txUrl}. */
  public String json() {
    return "{\"schemaVersion\":1,\"label\":\""
        + LABEL
        + "\",\"message\":\""
        + message()
        + "\",\"color\":\""
        + (attested ? "green" : "lightgrey")
        + "\",\"attested\":"
        + attested
        + ",\"txUrl\":"
        + (txUrl == null ? "null" : "\"" + jsonEscape(txUrl) + "\"")
        + "}";
  }

  public String svg() {
    int left = LABEL.length() * CHAR_WIDTH + PADDING;
    int right = message().length() * CHAR_WIDTH + PADDING;
    int width = left + right;
    String title = LABEL + ": " + message();
    String body =
        "<rect width=\""
            + left
            + "\" height=\"20\" fill=\"#555\"/>"
            + "<rect x=\""
            + left
            + "\" width=\""
            + right
            + "\" height=\"20\" fill=\""
            + color()
            + "\"/>"
            + "<g fill=\"#fff\" text-anchor=\"middle\""
            + " font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">"
            + "<text x=\""
            + left / 2
            + "\" y=\"14\">"
            + LABEL
            + "</text>"
            + "<text x=\""
            + (left + right / 2)
            + "\" y=\"14\">"
            + message()
            + "</text></g>";
    if (txUrl != null) {
      body = "<a href=\"" + xmlEscape(txUrl) + "\" target=\"_blank\">" + body + "</a>";
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
        + width
        + "\" height=\"20\" role=\"img\" aria-label=\""
        + xmlEscape(title)
        + "\">"
        + "<title>"
        + xmlEscape(title)
        + "</title>"
        + body
        + "</svg>";
  }

  /** A strong ETag of a rendered representation. */
  static String etag(String body) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
      return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String xmlEscape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String jsonEscape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
