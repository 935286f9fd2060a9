package social.gm2.lazai.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A task run on a daemon thread of its own while the application runs: first after {@code
 * initialDelay}, then {@code every} after each run ends. A run that fails is logged and the next
 * one comes as planned, so a chain or database that is down for a while stops nothing.
 */
public final class Periodic implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(Periodic.class);

  private final String name;
  private final Duration initialDelay;
  private final Duration every;
  private final Runnable task;
  private ScheduledExecutorService timer;

  /**
   * @param name the thread's name, and what a failure is logged as
   */
  public Periodic(String name, Duration initialDelay, Duration every, Runnable task) {
    this.name = name;
    this.initialDelay = initialDelay;
    this.every = every;
    this.task = task;
  }

  @Override
  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        this::run, initialDelay.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.warn("{} failed, tried again in {}: {}", name, every, e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
