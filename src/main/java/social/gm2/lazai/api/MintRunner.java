package social.gm2.lazai.api;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.mint.MintService;

/**
 * Runs the steps of mints the API accepted, off the request thread. The mint row is already stored
 * (and due for the sweeper) when a run is handed over, so a full pool, a crash or a shutdown loses
 * nothing: the sweeper runs what this did not.
 */
final class MintRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MintRunner.class);

  private final MintService mints;
  private final ThreadPoolExecutor pool;

  MintRunner(MintService mints, int workers) {
    this.mints = mints;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            workers,
            workers,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1_000),
            r -> {
              Thread t = new Thread(r, "api-mint-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  void process(String tokenAddress) {
    try {
      pool.execute(() -> run(tokenAddress));
    } catch (RejectedExecutionException e) {
      log.warn(
          "mint token={} not run now (API workers busy); the sweeper will run it", tokenAddress);
    }
  }

  private void run(String tokenAddress) {
    try {
      mints.process(tokenAddress);
    } catch (RuntimeException e) {
      // MintService has recorded and logged the failure; the sweeper retries a retryable one.
      log.debug("mint token={} run ended with {}", tokenAddress, e.toString());
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
