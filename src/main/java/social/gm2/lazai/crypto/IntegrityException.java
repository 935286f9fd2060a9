package social.gm2.lazai.crypto;

/**
 * The password opened the message but its content was altered or damaged after encryption (the
 * modification detection code does not match), or it carries no integrity protection at all. Its
 * plaintext must not be used.
 */
public class IntegrityException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public IntegrityException(String message) {
    super(message);
  }

  public IntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
