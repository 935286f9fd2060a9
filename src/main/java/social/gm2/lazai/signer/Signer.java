package social.gm2.lazai.signer;

import social.gm2.lazai.crypto.PersonalMessage;

/**
 * The service wallet: the one way anything in the service is signed. The transaction sender signs
 * its transactions here, and the mint pipeline derives each file's password here (an EIP-191
 * signature of the seed, lazai-protocol §4). Adapters: a plain key from the configuration, an
 * Ethereum V3 keystore file decrypted at startup, and a remote signer speaking Web3Signer's
 * JSON-RPC API, which holds the key itself. All of them give the same bytes for the same key:
 * signing is deterministic (RFC 6979), so the same wallet derives the same passwords whichever
 * adapter holds it.
 *
 * <p>Implementations are thread-safe. Failures are {@link SignerException}s, classified as
 * retryable or permanent by the adapter.
 */
public interface Signer {

  /** The wallet's EIP-55 checksummed address. */
  String address();

  /**
   * Signs {@code message} as an EIP-191 personal message: {@code keccak256("\x19Ethereum Signed
   * Message:\n" + length + message)}.
   *
   * @return {@code 0x} + r + s + v with v = 0x1b or 0x1c, lower-case, 132 characters: web3.js
   *     {@code account.sign(bytes).signature}
   */
  String signPersonalMessage(byte[] message);

  /**
   * Signs a complete transaction.
   *
   * @return its signed bytes and hash; the transaction is exactly {@code request}
   */
  SignedTransaction signTransaction(TransactionRequest request);

  /**
   * The password for {@code seed}: web3.js {@code account.sign(seed).signature}, which signs a
   * strictly-hex seed as the bytes it spells and any other text as UTF-8 ({@link
   * PersonalMessage#bytesOf}).
   */
  default String derivePassword(String seed) {
    return signPersonalMessage(PersonalMessage.bytesOf(seed));
  }
}
