package social.gm2.lazai.chain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.jcajce.provider.digest.Keccak;

/**
 * The custom errors of the LazAI contracts (lazai-protocol §2) and OpenZeppelin's that they bubble
 * up, recognised by their 4-byte selector in revert data. {@link #retryable()} is true only where
 * the same call can succeed later without anyone changing it.
 */
public enum ContractError {
  FILE_URL_ALREADY_USED("FileUrlAlreadyUsed()", false),
  FILE_ALREADY_REWARDED("FileAlreadyRewarded()", false),
  FILE_NOT_FOUND("FileNotFound()", false),
  NOT_FILE_OWNER("NotFileOwner()", false),
  NO_PERMISSION("NoPermission()", false),
  INVALID_URL("InvalidUrl()", false),
  INVALID_ATTESTATOR("InvalidAttestator(bytes32,bytes,address)", false),
  INSUFFICIENT_FEE("InsufficientFee()", false),
  NO_ACTIVE_NODE("NoActiveNode()", true),
  INVALID_JOB_STATUS("InvalidJobStatus()", false),
  INVALID_JOB_NODE("InvalidJobNode()", false),
  NODE_NOT_ACTIVE("NodeNotActive()", false),
  NODE_ALREADY_ADDED("NodeAlreadyAdded()", false),
  NOTHING_TO_CLAIM("NothingToClaim()", false),
  NOT_JOB_OWNER("NotJobOwner()", false),
  TRANSFER_FAILED("TransferFailed()", false),
  ECDSA_INVALID_SIGNATURE("ECDSAInvalidSignature()", false),
  ECDSA_INVALID_SIGNATURE_LENGTH("ECDSAInvalidSignatureLength(uint256)", false),
  ECDSA_INVALID_SIGNATURE_S("ECDSAInvalidSignatureS(bytes32)", false),
  ERC1155_INSUFFICIENT_BALANCE(
      "ERC1155InsufficientBalance(address,uint256,uint256,uint256)", false),
  ERC1155_INVALID_RECEIVER("ERC1155InvalidReceiver(address)", false),
  ACCESS_CONTROL_UNAUTHORIZED("AccessControlUnauthorizedAccount(address,bytes32)", false),
  ENFORCED_PAUSE("EnforcedPause()", true),
  REENTRANCY_GUARD("ReentrancyGuardReentrantCall()", true),
  ERROR_STRING("Error(string)", false),
  PANIC("Panic(uint256)", false);

  private final String signature;
  private final String selector;
  private final boolean retryable;

  ContractError(String signature, boolean retryable) {
    this.signature = signature;
    this.selector =
        HexFormat.of()
            .formatHex(
                Arrays.copyOf(
                    new Keccak.Digest256().digest(signature.getBytes(StandardCharsets.US_ASCII)),
                    4));
    this.retryable = retryable;
  }

  /** The error whose selector starts {@code revertData} ({@code 0x}-prefixed hex), if known. */
  public static Optional<ContractError> of(String revertData) {
    if (revertData == null || revertData.length() < 10) {
      return Optional.empty();
    }
    String head = revertData.substring(2, 10).toLowerCase(java.util.Locale.ROOT);
    return Arrays.stream(values()).filter(e -> e.selector.equals(head)).findFirst();
  }

  public String signature() {
    return signature;
  }

  /** The selector as 8 lower-case hex digits, without {@code 0x}. */
  public String selector() {
    return selector;
  }

  public boolean retryable() {
    return retryable;
  }
}
