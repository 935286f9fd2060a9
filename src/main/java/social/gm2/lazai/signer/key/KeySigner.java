package social.gm2.lazai.signer.key;

import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.crypto.Wallet;
import social.gm2.lazai.signer.SignedTransaction;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.signer.SignerException;
import social.gm2.lazai.signer.TransactionEncoding;
import social.gm2.lazai.signer.TransactionRequest;

/**
 * Signs with a key held in this process: the plain key of the configuration ({@code
 * LAZAI_CONFIG.privateKey}, the original service's way), or the key a keystore file gave at
 * startup. {@link #toString()} shows where the key came from and the address, never the key.
 */
public final class KeySigner implements Signer {
  private final Wallet wallet;
  private final String source;

  private KeySigner(Wallet wallet, String source) {
    this.wallet = wallet;
    this.source = source;
  }

  /**
   * A signer for a key of 64 hex digits ({@code 0x} optional).
   *
   * @param source what to call it in logs, e.g. "plain key"
   * @throws social.gm2.lazai.crypto.InvalidPrivateKeyException for a malformed key (described
   *     without the key)
   */
  public static KeySigner of(String hexKey, String source) {
    return new KeySigner(Wallet.fromPrivateKey(hexKey), source);
  }

  /** A signer for 32 key bytes; the array is not kept. */
  public static KeySigner of(byte[] key, String source) {
    return new KeySigner(Wallet.fromPrivateKey(key), source);
  }

  @Override
  public String address() {
    return wallet.address();
  }

  @Override
  public String signPersonalMessage(byte[] message) {
    return wallet.signPersonalMessage(message);
  }

  @Override
  public SignedTransaction signTransaction(TransactionRequest request) {
    try {
      return TransactionEncoding.encode(
          request, wallet.signDigest(TransactionEncoding.signingHash(request)));
    } catch (CryptoException e) {
      throw new SignerException(source + " could not sign: " + e.getMessage(), false, e);
    }
  }

  @Override
  public String toString() {
    return "KeySigner[" + source + ", " + wallet.address() + "]";
  }
}
