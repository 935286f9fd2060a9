package social.gm2.lazai.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** BullMQ's backoff formulas (protocol §3.5), so a job waits the same whoever retries it. */
class BackoffTest {

  @Test
  void fixedWaitsTheDelayEveryTime() {
    Backoff fixed = Backoff.fixed(1000);
    assertThat(fixed.delayFor(0, () -> 0.5)).isEqualTo(1000);
    assertThat(fixed.delayFor(5, () -> 0.5)).isEqualTo(1000);
  }

  @Test
  void exponentialDoublesFromTheDelay() {
    Backoff exp = Backoff.exponential(300);
    assertThat(exp.delayFor(0, () -> 0)).isEqualTo(300);
    assertThat(exp.delayFor(1, () -> 0)).isEqualTo(600);
    assertThat(exp.delayFor(2, () -> 0)).isEqualTo(1200);
    assertThat(Backoff.exponential(1000).delayFor(2, () -> 0)).isEqualTo(4000);
  }

  @Test
  void jitterRandomisesTheShareItNames() {
    Backoff fixed = new Backoff(Backoff.Type.FIXED, 1000, 0.5);
    assertThat(fixed.delayFor(0, () -> 0)).isEqualTo(500);
    assertThat(fixed.delayFor(0, () -> 0.999)).isEqualTo(999);
    Backoff exp = new Backoff(Backoff.Type.EXPONENTIAL, 100, 1);
    assertThat(exp.delayFor(3, () -> 0.25)).isEqualTo(200);
  }

  @Test
  void retriesOnlyWhileAttemptsRemain() {
    JobOptions three = JobOptions.defaults().withAttempts(3, Backoff.exponential(100));
    assertThat(three.retryDelay(0, () -> 0)).contains(100L);
    assertThat(three.retryDelay(1, () -> 0)).contains(200L);
    assertThat(three.retryDelay(2, () -> 0)).isEmpty();
    assertThat(JobOptions.defaults().retryDelay(0, () -> 0)).isEmpty();
    assertThat(JobOptions.defaults().withAttempts(2, null).retryDelay(0, () -> 0)).contains(0L);
  }

  @Test
  void impossibleValuesAreRefused() {
    assertThatThrownBy(() -> Backoff.fixed(-1)).hasMessageContaining("delay");
    assertThatThrownBy(() -> new Backoff(Backoff.Type.FIXED, 1, 2)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> new KeepJobs(-2, 0, 0)).hasMessageContaining("keep count");
  }
}
