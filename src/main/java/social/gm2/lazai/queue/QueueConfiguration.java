package social.gm2.lazai.queue;

import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The workers of the consumers, on whichever queue backend {@code lazai.queue.provider} chose
 * ({@code queue.bullmq} or {@code queue.memory}).
 */
@Configuration(proxyBeanMethods = false)
class QueueConfiguration {

  @Bean
  QueueWorkers queueWorkers(
      Queues queues,
      QueueProperties properties,
      List<QueueConsumer> consumers,
      @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration phaseTimeout,
      ObjectProvider<ObservationRegistry> observations) {
    // Leave a little of the phase for closing the connections.
    Duration timeout =
        phaseTimeout.minusSeconds(2).isNegative() ? phaseTimeout : phaseTimeout.minusSeconds(2);
    return new QueueWorkers(
        queues,
        properties,
        consumers,
        timeout,
        observations.getIfAvailable(() -> ObservationRegistry.NOOP));
  }
}
