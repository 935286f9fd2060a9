package social.gm2.lazai.queue.memory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import social.gm2.lazai.queue.DataLimit;
import social.gm2.lazai.queue.Job;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.KeepJobs;

/** One in-process queue's jobs, with BullMQ's states, dedupe and retention rules. */
final class MemoryStore {

  /**
   * A job handed to a worker, with the options its outcome depends on; a payload over the worker's
   * limit is not handed over (the job's data is empty) and its length is in {@code
   * withheldDataBytes}.
   */
  record Taken(Job job, JobOptions options, long withheldDataBytes) {}

  private final String name;
  final Clock clock;
  // The state MemoryAdmin works on too, always under the lock.
  final ReentrantLock lock = new ReentrantLock();
  final Condition changed = lock.newCondition();
  final Map<String, MemoryEntry> jobs = new HashMap<>();
  final Deque<String> waiting = new ArrayDeque<>();
  final Map<String, Long> completed = new LinkedHashMap<>();
  final Map<String, Long> failed = new LinkedHashMap<>();
  boolean paused;
  private long counter;

  MemoryStore(String name, Clock clock) {
    this.name = name;
    this.clock = clock;
  }

  String add(String jobName, String data, JobOptions options) {
    lock.lock();
    try {
      counter++;
      String id = options.jobId() == null ? Long.toString(counter) : options.jobId();
      if (jobs.containsKey(id)) {
        return id;
      }
      long now = clock.millis();
      MemoryEntry entry = new MemoryEntry(id, jobName, data, options, now);
      jobs.put(id, entry);
      if (options.delay().isZero()) {
        enqueue(entry);
      } else {
        entry.state = JobState.DELAYED;
        entry.dueAt = now + options.delay().toMillis();
      }
      changed.signalAll();
      return id;
    } finally {
      lock.unlock();
    }
  }

  /** The next ready job, waiting up to {@code maxWaitMs} for one; null if none came. */
  Taken take(long maxWaitMs, DataLimit limit) throws InterruptedException {
    lock.lock();
    try {
      long next = promote();
      if (waiting.isEmpty() || paused) {
        long until = next == 0 ? maxWaitMs : Math.min(maxWaitMs, next - clock.millis());
        changed.await(Math.max(1, until), TimeUnit.MILLISECONDS);
        promote();
      }
      String id = paused ? null : waiting.pollFirst();
      if (id == null) {
        return null;
      }
      MemoryEntry e = jobs.get(id);
      e.state = JobState.ACTIVE;
      e.attemptsStarted++;
      e.processedOn = clock.millis();
      long size = DataLimit.utf8Length(e.data);
      if (!limit.allows(size)) {
        return new Taken(
            new Job(name, id, e.name, "", e.attemptsMade, e.timestamp), e.options, size);
      }
      return new Taken(
          new Job(name, id, e.name, e.data, e.attemptsMade, e.timestamp), e.options, 0);
    } finally {
      lock.unlock();
    }
  }

  /** Moves due delayed jobs to waiting; returns when the next one is due, or 0. */
  private long promote() {
    long now = clock.millis();
    long next = 0;
    for (MemoryEntry e : jobs.values()) {
      if (e.state == JobState.DELAYED) {
        if (e.dueAt <= now) {
          enqueue(e);
        } else if (next == 0 || e.dueAt < next) {
          next = e.dueAt;
        }
      }
    }
    return next;
  }

  void enqueue(MemoryEntry e) {
    e.state = JobState.WAITING;
    waiting.addLast(e.id);
  }

  void complete(String id, String value) {
    finish(id, JobState.COMPLETED, e -> e.returnValue = value);
  }

  void fail(String id, String reason, String trace) {
    finish(id, JobState.FAILED, e -> record(e, reason, trace));
  }

  void retry(String id, String reason, String trace, long delayMs) {
    requeue(
        id,
        delayMs,
        e -> {
          record(e, reason, trace);
          e.attemptsMade++;
        });
  }

  /** Back to delayed without using an attempt or recording a failure. */
  void delay(String id, long delayMs) {
    requeue(id, Math.max(1, delayMs), e -> {});
  }

  private void requeue(String id, long delayMs, java.util.function.Consumer<MemoryEntry> counted) {
    lock.lock();
    try {
      MemoryEntry e = jobs.get(id);
      counted.accept(e);
      if (delayMs > 0) {
        e.state = JobState.DELAYED;
        e.dueAt = clock.millis() + delayMs;
      } else {
        enqueue(e);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private static void record(MemoryEntry e, String reason, String trace) {
    e.failedReason = reason;
    e.stacktrace.add(trace);
  }

  private void finish(String id, JobState state, java.util.function.Consumer<MemoryEntry> update) {
    lock.lock();
    try {
      MemoryEntry e = jobs.get(id);
      update.accept(e);
      e.attemptsMade++;
      e.state = state;
      e.finishedOn = clock.millis();
      boolean done = state == JobState.COMPLETED;
      retain(
          done ? completed : failed,
          e,
          done ? e.options.removeOnComplete() : e.options.removeOnFail());
    } finally {
      lock.unlock();
    }
  }

  /** BullMQ's retention: the finishing job's policy trims the whole set. */
  private void retain(Map<String, Long> finished, MemoryEntry e, KeepJobs keep) {
    if (keep.count() == 0) {
      jobs.remove(e.id);
      return;
    }
    finished.put(e.id, e.finishedOn);
    Iterator<Map.Entry<String, Long>> it = finished.entrySet().iterator();
    int excess = keep.count() > 0 ? finished.size() - keep.count() : 0;
    long oldest = keep.ageSeconds() > 0 ? e.finishedOn - keep.ageSeconds() * 1000 : -1;
    while (it.hasNext()) {
      Map.Entry<String, Long> old = it.next();
      if (excess > 0 || old.getValue() <= oldest) {
        it.remove();
        jobs.remove(old.getKey());
        excess--;
      }
    }
  }

  /** Wakes every waiting worker (when one is closing). */
  void wakeAll() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  Optional<JobInfo> info(String id) {
    lock.lock();
    try {
      return Optional.ofNullable(jobs.get(id)).map(MemoryEntry::info);
    } finally {
      lock.unlock();
    }
  }

  Map<JobState, Long> counts() {
    lock.lock();
    try {
      Map<JobState, Long> counts = new EnumMap<>(JobState.class);
      for (JobState s :
          List.of(
              JobState.WAITING,
              JobState.ACTIVE,
              JobState.DELAYED,
              JobState.PRIORITIZED,
              JobState.COMPLETED,
              JobState.FAILED)) {
        counts.put(s, 0L);
      }
      jobs.values().forEach(e -> counts.merge(e.state, 1L, Long::sum));
      return counts;
    } finally {
      lock.unlock();
    }
  }
}
