package social.gm2.lazai.crypto;

/**
 * The input is not a password-encrypted OpenPGP message this service can read: not OpenPGP at all,
 * truncated, encrypted to a public key, or using an algorithm outside the OpenPGP standard.
 */
public class MalformedMessageException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
