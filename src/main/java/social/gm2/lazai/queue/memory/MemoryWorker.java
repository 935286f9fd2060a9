package social.gm2.lazai.queue.memory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.queue.JobDelayedException;
import social.gm2.lazai.queue.JobHandler;
import social.gm2.lazai.queue.NonRetryableJobException;
import social.gm2.lazai.queue.Worker;
import social.gm2.lazai.queue.WorkerOptions;

/** {@code concurrency} threads taking jobs from one in-process queue. */
final class MemoryWorker implements Worker {
  private static final Logger log = LoggerFactory.getLogger(MemoryWorker.class);

  private final String queue;
  private final MemoryStore store;
  private final JobHandler handler;
  private final WorkerOptions options;
  private final List<Thread> slots = new ArrayList<>();
  private volatile boolean closing;

  MemoryWorker(String queue, MemoryStore store, JobHandler handler, WorkerOptions options) {
    this.queue = queue;
    this.store = store;
    this.handler = handler;
    this.options = options;
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
      Thread slot = new Thread(this::runSlot, "memory-queue-" + queue + "-" + i);
      slot.setDaemon(true);
      slots.add(slot);
      slot.start();
    }
  }

  private void runSlot() {
    while (!closing) {
      try {
        MemoryStore.Taken taken = store.take(500, options.dataLimit());
        if (taken != null) {
          run(taken);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void run(MemoryStore.Taken taken) {
    String id = taken.job().id();
    if (taken.withheldDataBytes() > 0) {
      String reason = options.dataLimit().refusal(taken.withheldDataBytes());
      log.warn("queue={} job={} failed: {}", queue, id, reason);
      store.fail(id, reason, reason);
      return;
    }
    try {
      String result = handler.process(taken.job());
      store.complete(id, result == null ? "null" : result);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (JobDelayedException e) {
      log.info(
          "queue={} job={} not finished, back in {} ms: {}",
          queue,
          id,
          e.delay().toMillis(),
          e.getMessage());
      store.delay(id, e.delay().toMillis());
    } catch (Throwable e) {
      String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      Optional<Long> delay =
          e instanceof NonRetryableJobException
              ? Optional.empty()
              : taken
                  .options()
                  .retryDelay(
                      taken.job().attemptsMade(), () -> ThreadLocalRandom.current().nextDouble());
      if (delay.isPresent()) {
        store.retry(id, reason, trace.toString(), delay.get());
      } else {
        log.warn("queue={} job={} failed: {}", queue, id, reason);
        store.fail(id, reason, trace.toString());
      }
    }
  }

  @Override
  public boolean close(Duration timeout) {
    closing = true;
    store.wakeAll();
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
    if (!finished) {
      slots.forEach(Thread::interrupt);
    }
    return finished;
  }
}
