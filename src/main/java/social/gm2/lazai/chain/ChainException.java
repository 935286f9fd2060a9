package social.gm2.lazai.chain;

/**
 * Talking to the chain failed. {@link #retryable()} says whether the same call may succeed later
 * (the RPC endpoint is down, a receipt has not come yet) or never will (a revert, a refused
 * transaction), so that callers and the queue classify the failure once, here.
 */
public abstract class ChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected ChainException(String message, Throwable cause) {
    super(message, cause);
  }

  public abstract boolean retryable();
}
