package social.gm2.lazai.storage;

import java.time.Duration;
import java.util.Optional;

/**
 * A store failed, classified once next to the adapter: {@linkplain #retryable() retryable} failures
 * (I/O, timeouts, HTTP 5xx and 429) may succeed later, so the job is retried; permanent ones (4xx,
 * a refused JWT, bad input, a CID that does not match the bytes) will not, so the job fails at once
 * with this message. Messages name the store and the URL or directory involved and never contain
 * the Pinata JWT.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;
  private final Duration retryAfter;

  private StorageException(
      String message, Throwable cause, boolean retryable, Duration retryAfter) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public static StorageException retryable(String message, Throwable cause) {
    return new StorageException(message, cause, true, null);
  }

  /** A retryable failure where the store said how long to wait (HTTP Retry-After). */
  public static StorageException retryLater(String message, Duration retryAfter) {
    return new StorageException(message, null, true, retryAfter);
  }

  public static StorageException permanent(String message) {
    return new StorageException(message, null, false, null);
  }

  public static StorageException permanent(String message, Throwable cause) {
    return new StorageException(message, cause, false, null);
  }

  public boolean retryable() {
    return retryable;
  }

  /** How long the store asked us to wait before trying again, when it said so. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
