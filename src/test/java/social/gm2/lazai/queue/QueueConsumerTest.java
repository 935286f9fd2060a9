package social.gm2.lazai.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueConsumerTest {
  private static final WorkerOptions CONFIGURED =
      new WorkerOptions(4, Duration.ofSeconds(30), Duration.ofSeconds(30), 1, "lazai-java");
  private static final DataLimit LIMIT = new DataLimit(1000, "the test limit");

  @Test
  void aConsumerRaisesTheStallLimitAndKeepsTheRestOfTheConfiguredOptions() {
    WorkerOptions o =
        new QueueConsumer("q", job -> null, LIMIT, null, 50).workerOptions(CONFIGURED);

    assertThat(o.maxStalledCount()).isEqualTo(50);
    assertThat(o.concurrency()).isEqualTo(4);
    assertThat(o.lockDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.stalledInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.name()).isEqualTo("lazai-java");
    assertThat(o.dataLimit()).isEqualTo(LIMIT);
  }

  @Test
  void aHigherConfiguredLimitOrNoneAskedForKeepsTheConfiguredOne() {
    WorkerOptions many =
        new WorkerOptions(1, Duration.ofSeconds(30), Duration.ofSeconds(30), 80, "w");

    assertThat(
            new QueueConsumer("q", job -> null, LIMIT, null, 50)
                .workerOptions(many)
                .maxStalledCount())
        .isEqualTo(80);
    assertThat(new QueueConsumer("q", job -> null).workerOptions(CONFIGURED).maxStalledCount())
        .isEqualTo(1);
    assertThatThrownBy(() -> new QueueConsumer("q", job -> null, LIMIT, null, -1))
        .hasMessageContaining("stallsAllowed");
  }
}
