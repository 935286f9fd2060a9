package social.gm2.lazai.crypto;

/**
 * A cryptographic operation failed for a reason the caller can act on: a wrong password, a damaged
 * message, a key in the wrong format. Subclasses say which. Messages never contain passwords, keys
 * or plaintext. These failures are permanent: retrying the same input fails the same way.
 */
public abstract class CryptoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected CryptoException(String message) {
    super(message);
  }

  protected CryptoException(String message, Throwable cause) {
    super(message, cause);
  }
}
