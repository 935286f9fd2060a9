package social.gm2.lazai.chain;

/** The JSON-RPC endpoint did not answer, or answered with an error that may pass. Retryable. */
public class RpcUnavailableException extends ChainException {
  private static final long serialVersionUID = 1L;

  public RpcUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
