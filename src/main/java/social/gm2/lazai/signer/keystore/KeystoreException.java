package social.gm2.lazai.signer.keystore;

/**
 * A keystore file cannot be opened: not a V3 keystore, an unsupported KDF or cipher, parameters out
 * of bounds, or a password that does not open it (the MAC does not match). The message says which
 * and never contains the password or the key.
 */
public class KeystoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeystoreException(String message) {
    super(message);
  }

  public KeystoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
