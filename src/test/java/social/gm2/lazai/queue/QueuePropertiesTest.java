package social.gm2.lazai.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.config.ConfigurationException;

/** The queue settings: BullMQ's defaults, and a bad value named by its property. */
class QueuePropertiesTest {

  private static QueueProperties of(String provider, Map<String, Integer> concurrency) {
    return new QueueProperties(
        provider, null, null, null, null, null, null, concurrency, null, null, null);
  }

  @Test
  void defaultsAreBullMqs() {
    QueueProperties p = of(null, null);
    assertThat(p.provider()).isEqualTo("bullmq");
    assertThat(p.prefix()).isEqualTo("bull");
    assertThat(p.lockDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.stalledInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(p.maxStalledCount()).isEqualTo(1);
    assertThat(p.workerOptions("lazai-mint-dat").concurrency()).isEqualTo(1);
    assertThat(p.backfillPeriod()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void concurrencyIsPerQueue() {
    QueueProperties p = of("memory", Map.of("lazai-mint-dat", 8));
    assertThat(p.workerOptions("lazai-mint-dat").concurrency()).isEqualTo(8);
    assertThat(p.workerOptions("lazai-fetch-attestator").concurrency()).isEqualTo(1);
  }

  @Test
  void aConsumersOwnConcurrencyComesBeforeTheDefaultAndAfterTheQueuesSetting() {
    assertThat(of(null, null).workerOptions("lazai-mint-dat", 64).concurrency()).isEqualTo(64);
    assertThat(of(null, null).workerOptions("lazai-fetch-attestator", null).concurrency())
        .isEqualTo(1);
    assertThat(
            of(null, Map.of("lazai-mint-dat", 8)).workerOptions("lazai-mint-dat", 64).concurrency())
        .isEqualTo(8);
  }

  @Test
  void badValuesNameTheirProperty() {
    assertThatThrownBy(() -> of("kafka", null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("lazai.queue.provider must be 'bullmq' or 'memory'");
    assertThatThrownBy(() -> of(null, Map.of("lazai-mint-dat", 0)))
        .hasMessageContaining("lazai.queue.concurrency.lazai-mint-dat must be between 1 and 1000");
    assertThatThrownBy(
            () ->
                new QueueProperties(
                    null,
                    null,
                    null,
                    Duration.ofMillis(10),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null))
        .hasMessageContaining("lazai.queue.lock-duration must be at least 1s");
  }
}
