package social.gm2.lazai.crypto;

/**
 * A signature to recover a signer from is malformed (not 65 bytes of hex, a recovery byte other
 * than 0, 1, 27 or 28, r or s out of range) or no public key fits it. Such a signature proves
 * nothing, whoever sent it.
 */
public class InvalidSignatureException extends CryptoException {
  private static final long serialVersionUID = 1L;

  public InvalidSignatureException(String message) {
    super(message);
  }
}
