package social.gm2.lazai.chain;

/**
 * A stored transaction was not mined (or not confirmed) in time. It stays stored and pending; the
 * next attempt to send the same intent waits for it again rather than sending a second one.
 */
public class ReceiptTimeoutException extends ChainException {
  private static final long serialVersionUID = 1L;

  private final String txHash;

  public ReceiptTimeoutException(String message, String txHash) {
    super(message, null);
    this.txHash = txHash;
  }

  public String txHash() {
    return txHash;
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
