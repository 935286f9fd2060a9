package social.gm2.lazai.crypto;

/**
 * A wrapped password cannot be recovered with this private key: the hex is malformed, its length
 * does not fit the key's modulus, or its blocks decrypt under none of the accepted paddings — which
 * is what a ciphertext made for another node's key, or a damaged one, looks like.
 */
public class KeyUnwrapException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public KeyUnwrapException(String message) {
    super(message);
  }

  public KeyUnwrapException(String message, Throwable cause) {
    super(message, cause);
  }
}
