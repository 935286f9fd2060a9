package social.gm2.lazai.queue.memory;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import social.gm2.lazai.queue.Queues;

/**
 * The in-memory queues ({@code lazai.queue.provider=memory}): one process, no Redis, jobs lost when
 * it stops; the quickstart's choice.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "lazai.queue.provider", havingValue = "memory")
public class MemoryConfiguration {

  @Bean(destroyMethod = "close")
  public Queues queues(Clock clock) {
    return new MemoryQueues(clock);
  }
}
