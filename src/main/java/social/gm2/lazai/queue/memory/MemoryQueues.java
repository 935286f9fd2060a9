package social.gm2.lazai.queue.memory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import social.gm2.lazai.queue.FailedJobSummary;
import social.gm2.lazai.queue.JobHandler;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.JsonText;
import social.gm2.lazai.queue.Queues;
import social.gm2.lazai.queue.Worker;
import social.gm2.lazai.queue.WorkerOptions;

/**
 * Queues held in this process, for the embedded quickstart and tests: the same semantics as the
 * BullMQ queues (ids, dedupe, retries, backoff, retention), nothing shared with other processes and
 * nothing kept across restarts.
 */
public final class MemoryQueues implements Queues {
  private final Clock clock;
  private final Map<String, MemoryStore> stores = new ConcurrentHashMap<>();
  private final List<Worker> workers = new CopyOnWriteArrayList<>();

  public MemoryQueues(Clock clock) {
    this.clock = clock;
  }

  private MemoryStore store(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a queue name must be non-blank");
    }
    return stores.computeIfAbsent(name, n -> new MemoryStore(n, clock));
  }

  @Override
  public JobQueue queue(String name) {
    MemoryStore store = store(name);
    MemoryAdmin admin = new MemoryAdmin(store);
    return new JobQueue() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String add(String jobName, String data, JobOptions options) {
        if (jobName == null || jobName.isBlank()) {
          throw new IllegalArgumentException("a job name is required");
        }
        JsonText.require("data", data);
        return store.add(jobName, data, options == null ? JobOptions.defaults() : options);
      }

      @Override
      public Optional<JobInfo> job(String id) {
        return store.info(id);
      }

      @Override
      public List<FailedJobSummary> failed(int limit, String field, long maxDataBytes) {
        return admin.failed(limit, field, maxDataBytes);
      }

      @Override
      public List<String> ids(JobState state, int start, int end) {
        JobQueue.checkRange(state, start, end);
        return admin.ids(state, start, end);
      }

      @Override
      public boolean retryFailed(String id) {
        return admin.reprocess(requireId(id));
      }

      @Override
      public long retryAllFailed() {
        return admin.retryAllFailed();
      }

      @Override
      public boolean promote(String id) {
        return admin.promote(requireId(id));
      }

      @Override
      public Removal remove(String id) {
        return admin.remove(requireId(id));
      }

      @Override
      public List<String> clean(JobState state, long before, int limit) {
        return admin.clean(state, before, limit);
      }

      @Override
      public void pause() {
        admin.pause(true);
      }

      @Override
      public void resume() {
        admin.pause(false);
      }

      @Override
      public boolean isPaused() {
        return admin.isPaused();
      }

      @Override
      public Map<JobState, Long> counts() {
        return store.counts();
      }

      @Override
      public List<RemovedRepeatable> removeRepeatables(String jobName) {
        return List.of(); // in memory, nothing outlives the process: no schedule to remove
      }
    };
  }

  private static String requireId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a job id is required");
    }
    return id;
  }

  @Override
  public Worker worker(String queue, JobHandler handler, WorkerOptions options) {
    MemoryWorker worker = new MemoryWorker(queue, store(queue), handler, options);
    workers.add(worker);
    return worker;
  }

  @Override
  public void close() {
    workers.forEach(worker -> worker.close(Duration.ofSeconds(5)));
    stores.values().forEach(MemoryStore::wakeAll);
  }
}
