package social.gm2.lazai.crypto;

/** The message is intact OpenPGP, but the password does not open it. */
public class WrongPasswordException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public WrongPasswordException(String message) {
    super(message);
  }
}
