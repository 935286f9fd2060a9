package social.gm2.lazai.crypto;

/**
 * The value is not a usable secp256k1 private key: wrong length, not hex, zero, or not below the
 * group order. The message describes the problem and never contains the value.
 */
public class InvalidPrivateKeyException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public InvalidPrivateKeyException(String message) {
    super(message);
  }
}
