package social.gm2.lazai.signer;

/**
 * A signature could not be made. {@link #retryable()} tells whether asking again may succeed (the
 * remote signer is unreachable, timed out or answered 5xx) or never will (it refused the request,
 * holds another key, answered something that is not the signature asked for). The message names the
 * signer and the setting to check, never a key, a password or a signature.
 */
public class SignerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public SignerException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
