package social.gm2.lazai.devnet;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.function.Function;
import social.gm2.lazai.chain.web3j.contracts.AIProcess;
import social.gm2.lazai.crypto.Addresses;
import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.inference.RequestHeaders;
import social.gm2.lazai.inference.SettlementHeaders;

/**
 * The reference's {@code HeaderValidationMiddleware} with {@code validate_account_and_signature}
 * (lazai-protocol §9), in its order: the three headers must be present and the nonce an integer;
 * the account {@code Inference.getAccount(user, nodeWallet)} must exist and its {@code user} equal
 * {@code X-LazAI-User} exactly (the chain returns EIP-55, compared case-sensitively); the nonce
 * must be above the account's; the EIP-191 signer of {@code keccak256(abi.encode(nonce, user,
 * node))} must be the user. Any failure is a {@link Refused} whose message follows the reference's
 * wording; the node answers it 401 {@code "Validate the request header failed: " + message}.
 */
final class HeaderValidator {

  /** A request that passed: who pays, with which nonce and signature. */
  record Caller(String user, BigInteger nonce, String signature) {
    /** The signature as bytes, for {@code SettlementData.userSignature}. */
    byte[] signatureBytes() {
      String hex = signature.startsWith("0x") ? signature.substring(2) : signature;
      return HexFormat.of().parseHex(hex);
    }
  }

  /** A refused request. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private final AIProcess inference;
  private final String node;

  /**
   * @param inference bound read-only
   * @param node the node's wallet address
   */
  HeaderValidator(AIProcess inference, String node) {
    this.inference = inference;
    this.node = Addresses.checksummed(node);
  }

  /**
   * @param header reads a request header by name (case-insensitive), null when absent
   */
  Caller validate(Function<String, String> header) throws Refused {
    String user = required(header, RequestHeaders.USER);
    String nonceText = required(header, RequestHeaders.NONCE);
    String signature = required(header, RequestHeaders.SIGNATURE);
    BigInteger nonce;
    try {
      nonce = new BigInteger(nonceText.strip());
    } catch (NumberFormatException e) {
      throw new Refused("invalid literal for int() with base 10: '" + nonceText + "'");
    }
    if (!Addresses.valid(user)) {
      throw new Refused("'" + user + "' is not a valid address");
    }
    AIProcess.Account account = account(user);
    if (!Addresses.checksummed(account.user).equals(user)) {
      throw new Refused("Account " + user + " does not exist or is unauthorized");
    }
    if (nonce.compareTo(account.nonce) <= 0) {
      throw new Refused(
          "Invalid nonce: " + nonce + ". Must be greater than last nonce: " + account.nonce);
    }
    String signer;
    try {
      signer = SettlementHeaders.signer(nonce, user, node, signature);
    } catch (CryptoException | IllegalArgumentException e) {
      throw new Refused("invalid signature: " + e.getMessage());
    }
    if (!signer.equalsIgnoreCase(user)) {
      throw new Refused(
          "Signature verification failed: address mismatch, expect " + user + " got " + signer);
    }
    return new Caller(user, nonce, signature);
  }

  private AIProcess.Account account(String user) throws Refused {
    try {
      if (!inference.accountExists(user, node).send()) {
        // What getAccount reverts with; the reference shows the revert data.
        throw new Refused(
            "execution reverted: AccountNotExists("
                + user
                + ", "
                + node
                + ") on the Inference"
                + " contract");
      }
      return inference.getAccount(user, node).send();
    } catch (Refused e) {
      throw e;
    } catch (Exception e) {
      throw new Refused("cannot read the account from the Inference contract: " + e.getMessage());
    }
  }

  private static String required(Function<String, String> header, String name) throws Refused {
    String value = header.apply(name);
    if (value == null) {
      // Python's KeyError text, as the reference shows it
      throw new Refused("'" + name + "'");
    }
    return value;
  }
}
