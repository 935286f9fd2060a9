package social.gm2.lazai.inference;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import social.gm2.lazai.crypto.Addresses;
import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.crypto.PersonalMessage;
import social.gm2.lazai.crypto.Wallet;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.signer.SignerException;

/**
 * The settlement headers an inference node requires on every request (lazai-protocol §9), byte for
 * byte what alith's {@code Client.getRequestHeaders(node, fileId, nonce)} returns: the service
 * wallet as the paying user, a fresh nonce, and the wallet's EIP-191 signature of {@code
 * keccak256(abi.encode(uint256 nonce, address user, address node))}. The node checks that signature
 * against its own wallet address, so {@code node} is the node's registered wallet, not its URL; the
 * file id travels unsigned.
 *
 * <p>Signing goes through the {@link Signer} port, so a keystore or remote signer works as the
 * plain key does. Thread-safe.
 */
public final class SettlementHeaders {
  private static final String ZERO_ADDRESS = "0x" + "0".repeat(40);

  private final Signer wallet;
  private final SettlementNonces nonces;

  public SettlementHeaders(Signer wallet, SettlementNonces nonces) {
    this.wallet = wallet;
    this.nonces = nonces;
  }

  /**
   * Headers for one request to {@code node}, with a fresh nonce.
   *
   * @param fileId the DAT file to answer from, or {@code null} for none
   * @throws SettlementRequestException for a malformed node address or a negative file id
   */
  public RequestHeaders create(String node, BigInteger fileId) {
    return create(node, fileId, nonces.next());
  }

  /**
   * Headers for one request to {@code node} with a nonce above {@code accountNonce}, the account's
   * nonce on chain ({@code Inference.getAccount(user, node).nonce}).
   *
   * @throws SettlementRequestException for a malformed node address, a negative file id or account
   *     nonce
   */
  public RequestHeaders createAbove(String node, BigInteger fileId, BigInteger accountNonce) {
    checkNode(node);
    checkFileId(fileId);
    return create(node, fileId, nonces.after(accountNonce));
  }

  /**
   * Headers with the given nonce; the caller answers for its freshness (alith's optional third
   * argument).
   *
   * @throws SettlementRequestException for a malformed node address, a negative file id, or a nonce
   *     outside uint256
   * @throws SignerException if the wallet cannot sign, or signs as another address
   */
  public RequestHeaders create(String node, BigInteger fileId, BigInteger nonce) {
    checkNode(node);
    checkFileId(fileId);
    if (nonce == null || !Uint256.contains(nonce)) {
      throw new SettlementRequestException(
          "the nonce must be an integer in [0, 2^256 − 1], got " + nonce);
    }
    String user = Addresses.checksummed(wallet.address());
    byte[] digest = PersonalMessage.keccak256(encode(nonce, user, node));
    String signature = wallet.signPersonalMessage(digest).toLowerCase(Locale.ROOT);
    checkSigner(digest, signature, user);
    return new RequestHeaders(user, nonce, signature, fileId);
  }

  /**
   * The address whose key signed settlement headers for {@code node}: what an inference node
   * recovers from {@code X-LazAI-Signature} (EIP-191 over {@code keccak256(abi.encode(nonce, user,
   * node))}) and compares with {@code X-LazAI-User}, and what the Inference contract's {@code
   * settlementFees} recovers again.
   *
   * @param signature 65 bytes as hex, with or without {@code 0x}
   * @throws social.gm2.lazai.crypto.CryptoException if the signature is malformed or fits no key
   */
  public static String signer(BigInteger nonce, String user, String node, String signature) {
    return Wallet.recover(PersonalMessage.keccak256(encode(nonce, user, node)), signature);
  }

  /** {@code abi.encode(uint256 nonce, address user, address node)}: three static words. */
  static byte[] encode(BigInteger nonce, String user, String node) {
    byte[] out = new byte[96];
    System.arraycopy(Uint256.word(nonce), 0, out, 0, 32);
    System.arraycopy(address(user), 0, out, 44, 20);
    System.arraycopy(address(node), 0, out, 76, 20);
    return out;
  }

  private static byte[] address(String address) {
    return HexFormat.of().parseHex(address.substring(2));
  }

  private static void checkNode(String node) {
    if (node == null || node.isBlank()) {
      throw new SettlementRequestException("the node address is required");
    }
    if (!Addresses.valid(node)) {
      throw new SettlementRequestException(
          "the node address must be 0x and 40 hex digits with a valid EIP-55 checksum if mixed"
              + " case, got '"
              + node
              + "'");
    }
    if (node.equalsIgnoreCase(ZERO_ADDRESS)) {
      throw new SettlementRequestException(
          "the node address is the zero address; give the node's registered wallet address");
    }
  }

  private static void checkFileId(BigInteger fileId) {
    if (fileId != null && !Uint256.contains(fileId)) {
      throw new SettlementRequestException(
          "the file id must be an integer in [0, 2^256 − 1] (or absent), got " + fileId);
    }
  }

  /** A remote signer that signs with another key would give headers every node refuses. */
  private void checkSigner(byte[] digest, String signature, String user) {
    String signer;
    try {
      signer = Wallet.recover(digest, signature);
    } catch (CryptoException e) {
      throw new SignerException(
          "the wallet's settlement signature is malformed: " + e.getMessage(), false, e);
    }
    if (!signer.equalsIgnoreCase(user)) {
      throw new SignerException(
          "the wallet signed the settlement headers as " + signer + ", not as " + user,
          false,
          null);
    }
  }
}
