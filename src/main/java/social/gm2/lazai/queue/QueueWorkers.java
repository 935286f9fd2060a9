package social.gm2.lazai.queue;

import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts a worker for every {@link QueueConsumer} once the service is up, and stops them first on
 * shutdown, letting the jobs in progress finish within the shutdown phase's timeout.
 */
public final class QueueWorkers implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(QueueWorkers.class);

  private final Queues queues;
  private final QueueProperties properties;
  private final List<QueueConsumer> consumers;
  private final Duration shutdownTimeout;
  private final List<Worker> running = new ArrayList<>();
  private final ObservationRegistry observations;

  public QueueWorkers(
      Queues queues,
      QueueProperties properties,
      List<QueueConsumer> consumers,
      Duration shutdownTimeout) {
    this(queues, properties, consumers, shutdownTimeout, ObservationRegistry.NOOP);
  }

  /**
   * @param observations each job runs in a span of its own, continuing its producer's trace
   */
  public QueueWorkers(
      Queues queues,
      QueueProperties properties,
      List<QueueConsumer> consumers,
      Duration shutdownTimeout,
      ObservationRegistry observations) {
    this.queues = queues;
    this.properties = properties;
    this.consumers = List.copyOf(consumers);
    this.shutdownTimeout = shutdownTimeout;
    this.observations = observations;
  }

  @Override
  public synchronized void start() {
    if (!properties.workersEnabled()) {
      log.info("queue workers disabled (lazai.queue.workers-enabled=false)");
      return;
    }
    for (QueueConsumer consumer : consumers) {
      Worker worker =
          queues.worker(
              consumer.queue(),
              new TracedJobHandler(consumer.handler(), observations),
              consumer.workerOptions(
                  properties.workerOptions(consumer.queue(), consumer.concurrency())));
      worker.start();
      running.add(worker);
    }
  }

  @Override
  public synchronized void stop() {
    List<Thread> closing = new ArrayList<>();
    for (Worker worker : running) {
      Thread t = new Thread(() -> worker.close(shutdownTimeout), "close-" + worker.queue());
      t.start();
      closing.add(t);
    }
    for (Thread t : closing) {
      try {
        t.join(shutdownTimeout.toMillis() + 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    running.clear();
  }

  @Override
  public synchronized boolean isRunning() {
    return !running.isEmpty();
  }
}
