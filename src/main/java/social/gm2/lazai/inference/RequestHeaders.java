package social.gm2.lazai.inference;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settlement headers of one inference request (lazai-protocol §9), valid for that request only:
 * the node records the nonce when it settles the fee, and refuses any nonce not above it.
 *
 * @param user the paying account, EIP-55 checksummed ({@code X-LazAI-User})
 * @param nonce the request's nonce ({@code X-LazAI-Nonce}, decimal)
 * @param signature EIP-191 signature of {@code keccak256(abi.encode(nonce, user, node))}, {@code
 *     0x}-prefixed lower-case hex ({@code X-LazAI-Signature})
 * @param fileId the file the node answers from, or {@code null} for none ({@code X-LazAI-File-ID},
 *     sent as the empty string then, as alith does); not signed
 */
public record RequestHeaders(String user, BigInteger nonce, String signature, BigInteger fileId) {
  public static final String USER = "X-LazAI-User";
  public static final String NONCE = "X-LazAI-Nonce";
  public static final String SIGNATURE = "X-LazAI-Signature";
  public static final String FILE_ID = "X-LazAI-File-ID";

  /**
   * The headers by name, in alith's order; exactly the object alith's getRequestHeaders returns.
   */
  public Map<String, String> asMap() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(USER, user);
    headers.put(NONCE, nonce.toString());
    headers.put(SIGNATURE, signature);
    headers.put(FILE_ID, fileId == null ? "" : fileId.toString());
    return headers;
  }
}
