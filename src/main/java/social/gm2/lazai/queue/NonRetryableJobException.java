package social.gm2.lazai.queue;

/**
 * Thrown by a {@link JobHandler} when another attempt cannot help (bad payload, a permanent
 * failure): the job fails at once, whatever attempts it has left. Node's workers know it as {@code
 * UnrecoverableError}.
 */
public class NonRetryableJobException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NonRetryableJobException(String message) {
    super(message);
  }

  public NonRetryableJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
