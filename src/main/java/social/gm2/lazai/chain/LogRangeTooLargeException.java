package social.gm2.lazai.chain;

/**
 * The RPC endpoint refused an {@code eth_getLogs} because the block range was too wide or the
 * answer would hold too many logs (providers cap both, each with its own wording). Retryable with a
 * narrower range: a log poller shrinks its range and asks again.
 */
public class LogRangeTooLargeException extends ChainException {
  private static final long serialVersionUID = 1L;

  public LogRangeTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
