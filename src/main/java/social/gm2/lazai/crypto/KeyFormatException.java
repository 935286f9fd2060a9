package social.gm2.lazai.crypto;

/**
 * A key given as text cannot be used: it is not PEM, holds the wrong kind of object (a certificate,
 * a private key where a public one belongs, an encrypted key), is not RSA, or is too short to be
 * trusted with a password. Fixing it means supplying a different key, not retrying.
 */
public class KeyFormatException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public KeyFormatException(String message) {
    super(message);
  }

  public KeyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
