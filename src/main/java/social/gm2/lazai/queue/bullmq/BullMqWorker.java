package social.gm2.lazai.queue.bullmq;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.queue.JobHandler;
import social.gm2.lazai.queue.Worker;
import social.gm2.lazai.queue.WorkerOptions;

/**
 * A BullMQ worker: {@code concurrency} slot threads that fetch, run and finish jobs (a finish also
 * fetches the slot's next job, saving a round trip), one blocking wait on the queue's marker shared
 * by the idle slots, lock renewal every quarter of the lock duration, and the stalled-job check.
 */
final class BullMqWorker implements Worker {
  private static final Logger log = LoggerFactory.getLogger(BullMqWorker.class);
  private static final double DRAIN_DELAY_SECONDS = 5;

  private final BullMqQueues backend;
  private final String queue;
  private final WorkerOptions options;
  private final Attempt attempt;
  private final String workerId = UUID.randomUUID().toString();
  private final AtomicLong tokens = new AtomicLong();
  private final Map<String, String> locks = new ConcurrentHashMap<>();
  private final ReentrantLock blocker = new ReentrantLock();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<Thread> slots = new ArrayList<>();
  private final ScheduledExecutorService timers;
  private final AtomicBoolean failing = new AtomicBoolean();
  private volatile boolean closing;
  private volatile StatefulRedisConnection<String, String> blocking;

  BullMqWorker(BullMqQueues backend, String queue, JobHandler handler, WorkerOptions options) {
    this.backend = backend;
    this.queue = queue;
    this.options = options;
    this.attempt =
        new Attempt(
            backend,
            queue,
            handler,
            options.name(),
            options.lockDuration().toMillis(),
            options.dataLimit());
    this.timers =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "queue-" + queue + "-timers"));
  }

  @Override
  public String queue() {
    return queue;
  }

  @Override
  public synchronized void start() {
    if (!slots.isEmpty()) {
      return;
    }
    for (int i = 0; i < options.concurrency(); i++) {
      Thread slot = daemon(this::runSlot, "queue-" + queue + "-" + i);
      slots.add(slot);
      slot.start();
    }
    new Upkeep(backend, queue, options, locks).schedule(timers);
    log.info("queue={} worker started concurrency={}", queue, options.concurrency());
  }

  private void runSlot() {
    FetchedJob next = null;
    // A job fetched by a finish just before closing is ours (locked): finish it too.
    while (!closing || next != null && next.present()) {
      try {
        if (next == null) {
          next = fetch();
        }
        if (!next.present()) {
          waitForWork(next.nextDueMs());
          next = null;
          continue;
        }
        FetchedJob current = next;
        locks.put(current.id(), current.token());
        try {
          next = attempt.run(current, () -> closing ? null : newToken());
        } finally {
          locks.remove(current.id());
        }
        reachable();
      } catch (RuntimeException e) {
        next = null;
        if (!closing) {
          unreachable(e);
          pause(Duration.ofSeconds(1));
        }
      }
    }
  }

  /** Logs an outage once (WARN), not once a second per slot. */
  private void unreachable(RuntimeException e) {
    if (!failing.getAndSet(true)) {
      log.warn(
          "queue={} worker cannot reach Redis, retrying every second: {}", queue, e.toString());
    } else {
      log.debug("queue={} worker still cannot reach Redis: {}", queue, e.toString());
    }
  }

  private void reachable() {
    if (failing.get() && failing.getAndSet(false)) {
      log.info("queue={} worker reaches Redis again", queue);
    }
  }

  private FetchedJob fetch() {
    String token = newToken();
    long now = backend.clock().millis();
    List<Object> reply =
        backend.run(
            Script.FETCH,
            ScriptOutputType.MULTI,
            queue,
            Long.toString(now),
            token,
            Long.toString(options.lockDuration().toMillis()),
            options.name(),
            backend.legacyPaused(),
            Long.toString(options.dataLimit().maxBytes()));
    return FetchedJob.parse(reply, token, now);
  }

  private String newToken() {
    return workerId + ":" + tokens.incrementAndGet();
  }

  /**
   * Waits for the marker: one idle slot blocks on it, the others wait for that slot; each wakes
   * within the drain delay or when the next delayed job is due, and fetches again.
   */
  private void waitForWork(long nextDueMs) throws RedisException {
    double seconds = DRAIN_DELAY_SECONDS;
    if (nextDueMs > 0) {
      double untilDue = (nextDueMs - backend.clock().millis()) / 1000.0;
      seconds = Math.min(Math.max(untilDue, 0.001), 10);
    }
    try {
      if (!blocker.tryLock((long) (seconds * 1000) + 1, TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      if (!closing) {
        blockingConnection().sync().bzpopmin(seconds, backend.keyPrefix(queue) + "marker");
      }
    } catch (RedisException e) {
      if (!closing) {
        throw e;
      }
    } finally {
      blocker.unlock();
    }
  }

  private synchronized StatefulRedisConnection<String, String> blockingConnection() {
    if (closing) {
      throw new IllegalStateException("worker of " + queue + " is closing");
    }
    if (blocking == null || !blocking.isOpen()) {
      blocking = backend.blockingConnection(queue, options.name());
      // A wait must never outlast the command timeout.
      blocking.setTimeout(Duration.ofSeconds(15));
    }
    return blocking;
  }

  private void pause(Duration duration) {
    try {
      closed.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean close(Duration timeout) {
    closing = true;
    closed.countDown();
    synchronized (this) {
      if (blocking != null) {
        blocking.closeAsync();
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread slot : slots) {
      try {
        slot.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    boolean finished = slots.stream().noneMatch(Thread::isAlive);
    timers.shutdownNow();
    if (!finished) {
      log.warn(
          "queue={} worker stopped with jobs still running {}; their locks expire and the "
              + "stalled check returns them to the queue",
          queue,
          locks.keySet());
      slots.forEach(Thread::interrupt);
    } else {
      log.info("queue={} worker stopped", queue);
    }
    return finished;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
