package social.gm2.lazai.mint;

/**
 * A step could not finish. {@link #retryable()} decides between trying the same step again later
 * (the store or the chain or the node was unavailable) and stopping the mint as FAILED.
 */
public class MintStepException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public MintStepException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
