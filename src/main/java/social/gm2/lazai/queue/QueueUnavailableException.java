package social.gm2.lazai.queue;

/** The queue's store (Redis) could not be reached or answered with an error; worth retrying. */
public class QueueUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
