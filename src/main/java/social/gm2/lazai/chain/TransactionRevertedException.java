package social.gm2.lazai.chain;

/**
 * The chain refused the call: a mined transaction with status 0, or a call or gas estimate that
 * reverts. Permanent: sending it again reverts again. {@code revertData} is the raw ABI-encoded
 * reason ({@code 0x} + selector + arguments, or empty when the node gave none); {@code txHash} is
 * null when nothing was mined.
 */
public class TransactionRevertedException extends ChainException {
  private static final long serialVersionUID = 1L;

  private final String txHash;
  private final String revertData;

  public TransactionRevertedException(String message, String txHash, String revertData) {
    super(message, null);
    this.txHash = txHash;
    this.revertData = revertData == null ? "0x" : revertData;
  }

  public String txHash() {
    return txHash;
  }

  public String revertData() {
    return revertData;
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
