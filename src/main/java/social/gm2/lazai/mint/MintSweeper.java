package social.gm2.lazai.mint;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Brings back every mint that nobody is moving: submitted but never processed, interrupted by a
 * crash (once its lease runs out), or failed in a way that may pass (once its retry delay is over).
 * The database row says when a mint is due, so each instance sweeps and the lease keeps them from
 * running the same mint twice; the queue only speeds things up.
 */
final class MintSweeper implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(MintSweeper.class);
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

  private final MintService service;
  private final MintRepository mints;
  private final Clock clock;
  private final MintProperties properties;
  private ScheduledExecutorService timer;
  private ExecutorService workers;

  MintSweeper(MintService service, MintRepository mints, Clock clock, MintProperties properties) {
    this.service = service;
    this.mints = mints;
    this.clock = clock;
    this.properties = properties;
  }

  /** Runs the mints due now, as many at once as there are workers; returns how many ran. */
  int sweep() throws InterruptedException {
    List<Mint> due = mints.due(clock.instant(), properties.workers());
    List<Callable<Void>> runs =
        due.stream().map(m -> (Callable<Void>) () -> run(m.tokenAddress())).toList();
    workers.invokeAll(runs);
    return runs.size();
  }

  private Void run(String token) {
    try {
      service.process(token);
    } catch (MintStepException e) {
      // Recorded on the mint, with the time it is due again.
    } catch (RuntimeException e) {
      log.warn("mint token={} sweep failed: {}", token, e.toString());
    }
    return null;
  }

  private void sweepQuietly() {
    try {
      int ran = sweep();
      if (ran > 0) {
        log.info("mint sweep ran {} due mints", ran);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn(
          "mint sweep failed; trying again in {}: {}", properties.sweepInterval(), e.toString());
    }
  }

  @Override
  public synchronized void start() {
    workers = Executors.newFixedThreadPool(properties.workers(), daemon("mint-worker"));
    timer = Executors.newSingleThreadScheduledExecutor(daemon("mint-sweeper"));
    long interval = properties.sweepInterval().toMillis();
    timer.scheduleWithFixedDelay(this::sweepQuietly, interval, interval, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    timer.shutdownNow();
    workers.shutdown();
    try {
      // Running steps get a short while to finish; an interrupted one is safe (intent keys), its
      // mint just waits for the lease to run out before another instance resumes it.
      if (!workers.awaitTermination(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    timer = null;
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    java.util.concurrent.atomic.AtomicInteger count =
        new java.util.concurrent.atomic.AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
