package social.gm2.lazai.queue;

import java.util.function.DoubleSupplier;

/**
 * How long a failed job waits before its next attempt, computed exactly as BullMQ computes it so
 * that a job behaves the same whichever worker (Java or Node) picks it up.
 *
 * @param type {@code FIXED}: always {@code delayMs}; {@code EXPONENTIAL}: {@code 2^(n-1) · delayMs}
 *     before the n-th retry
 * @param delayMs the base delay in milliseconds
 * @param jitter 0 (none) to 1: the share of the delay that is randomised downwards
 */
public record Backoff(Type type, long delayMs, double jitter) {

  /** The strategies BullMQ ships; custom strategies are not supported. */
  public enum Type {
    FIXED,
    EXPONENTIAL
  }

  public Backoff {
    if (type == null) {
      throw new IllegalArgumentException("backoff type is required");
    }
    if (delayMs < 0) {
      throw new IllegalArgumentException("backoff delay must be 0 or more, got " + delayMs);
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("backoff jitter must be between 0 and 1, got " + jitter);
    }
  }

  public static Backoff fixed(long delayMs) {
    return new Backoff(Type.FIXED, delayMs, 0);
  }

  public static Backoff exponential(long delayMs) {
    return new Backoff(Type.EXPONENTIAL, delayMs, 0);
  }

  /**
   * The delay before the next attempt of a job that has failed {@code attemptsMade + 1} times
   * ({@code attemptsMade} counts the attempts finished before this failure).
   */
  public long delayFor(int attemptsMade, DoubleSupplier random) {
    double base =
        type == Type.FIXED ? delayMs : Math.round(Math.pow(2, attemptsMade) * (double) delayMs);
    if (jitter > 0) {
      return (long) Math.floor(random.getAsDouble() * base * jitter + base * (1 - jitter));
    }
    return (long) base;
  }
}
