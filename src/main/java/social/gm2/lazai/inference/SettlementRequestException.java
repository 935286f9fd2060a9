package social.gm2.lazai.inference;

/**
 * An inference request that cannot be signed as asked: a malformed node address, a negative file
 * id, a nonce outside uint256. The caller's input is wrong; retrying the same request cannot help.
 */
public class SettlementRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SettlementRequestException(String message) {
    super(message);
  }
}
