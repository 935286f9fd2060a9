package social.gm2.lazai.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Waits for a condition with a deadline instead of sleeping a guessed time. */
public final class Await {
  private Await() {}

  /**
   * Calls {@code probe} until its answer satisfies {@code done} and returns that answer; a probe
   * that throws counts as not done yet. Fails with the last answer or error at the deadline.
   */
  public static <T> T until(Duration timeout, Callable<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object last = null;
    while (System.nanoTime() < deadline) {
      try {
        T answer = probe.call();
        if (done.test(answer)) {
          return answer;
        }
        last = answer;
      } catch (Exception e) {
        last = e;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting", e);
      }
    }
    throw new AssertionError("not done within " + timeout + "; last answer: " + last);
  }
}
