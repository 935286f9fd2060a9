package social.gm2.lazai.chain;

import java.util.Optional;

/**
 * A LazAI contract refused a call with one of its errors ({@link ContractError}), or with revert
 * data this service does not know. Carries the transaction hash when the revert was mined.
 */
public class ContractRevertException extends ChainException {
  private static final long serialVersionUID = 1L;

  private final transient ContractError error;
  private final String txHash;
  private final String revertData;

  public ContractRevertException(String call, TransactionRevertedException cause) {
    super(describe(call, cause), cause);
    this.error = ContractError.of(cause.revertData()).orElse(null);
    this.txHash = cause.txHash();
    this.revertData = cause.revertData();
  }

  /** The contract error, or empty when the revert data matches none this service knows. */
  public Optional<ContractError> error() {
    return Optional.ofNullable(error);
  }

  public boolean is(ContractError expected) {
    return error == expected;
  }

  public String txHash() {
    return txHash;
  }

  public String revertData() {
    return revertData;
  }

  @Override
  public boolean retryable() {
    return error != null && error.retryable();
  }

  private static String describe(String call, TransactionRevertedException cause) {
    String name =
        ContractError.of(cause.revertData())
            .map(ContractError::signature)
            .orElse("unrecognised revert data " + cause.revertData());
    return call
        + " reverted with "
        + name
        + (cause.txHash() == null ? "" : " in tx " + cause.txHash());
  }
}
