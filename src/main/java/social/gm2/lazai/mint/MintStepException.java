package social.gm2.lazai.mint;

import org.springframework.dao.TransientDataAccessException;
import social.gm2.lazai.chain.ChainException;
import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.storage.StorageException;

/**
 * A step could not finish. {@link #retryable()} decides between trying the same step again later
 * (the store or the chain or the node was unavailable) and stopping the mint as FAILED.
 */
public class MintStepException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  protected MintStepException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** A failure that will not pass by itself: the mint stops as FAILED with this reason. */
  public static MintStepException permanent(String reason) {
    return new MintStepException(reason, false, null);
  }

  /** A failure that may pass: the same step runs again later. */
  public static MintStepException retryable(String reason, Throwable cause) {
    return new MintStepException(reason, true, cause);
  }

  public boolean retryable() {
    return retryable;
  }

  /**
   * Whether {@code failure} may pass, classified once by the adapters' own exceptions, also when
   * they arrive wrapped (a lazily connected chain adapter that cannot reach its RPC endpoint fails
   * inside a bean creation). An interrupt is never permanent: shutdown interrupts running steps.
   */
  public static boolean isRetryable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MintStepException step) {
        return step.retryable();
      }
      if (t instanceof ChainException chain) {
        return chain.retryable();
      }
      if (t instanceof StorageException storage) {
        return storage.retryable();
      }
      if (t instanceof InterruptedException) {
        return true;
      }
      if (t instanceof CryptoException || t instanceof IllegalArgumentException) {
        return false;
      }
    }
    return failure instanceof TransientDataAccessException;
  }
}
