package social.gm2.lazai.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import social.gm2.lazai.support.Await;

/**
 * What the queue contracts share: a fresh backend per test ({@link #newQueues}), a queue name of
 * the test's own, workers that are closed afterwards, and waiting for a job's state.
 */
public abstract class QueueContractBase {
  protected static final Duration WAIT = Duration.ofSeconds(20);

  protected Queues queues;
  protected String name;
  protected final List<Worker> workers = new ArrayList<>();

  /** A fresh backend; tests close it. */
  protected abstract Queues newQueues();

  @BeforeEach
  void open() {
    queues = newQueues();
    name = "contract-" + UUID.randomUUID();
  }

  @AfterEach
  void closeAll() {
    workers.forEach(w -> w.close(Duration.ofSeconds(5)));
    queues.close();
  }

  protected Worker start(JobHandler handler, int concurrency) {
    Worker worker =
        queues.worker(
            name,
            handler,
            new WorkerOptions(concurrency, Duration.ofSeconds(5), Duration.ofSeconds(5), 1, "t"));
    workers.add(worker);
    worker.start();
    return worker;
  }

  protected JobInfo awaitState(JobQueue queue, String id, JobState state) {
    return Await.until(
        WAIT, () -> queue.job(id).orElse(null), j -> j != null && j.state() == state);
  }
}
