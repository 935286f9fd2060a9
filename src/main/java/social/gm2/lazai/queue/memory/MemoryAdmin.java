package social.gm2.lazai.queue.memory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import social.gm2.lazai.queue.DataLimit;
import social.gm2.lazai.queue.FailedJobSummary;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;

/**
 * The admin view's side of one in-process queue: summaries and ids per state, and Bull Board's
 * actions with the meaning BullMQ gives them (see {@link JobQueue}), on {@link MemoryStore}'s state
 * under its lock.
 */
final class MemoryAdmin {
  private final MemoryStore store;

  MemoryAdmin(MemoryStore store) {
    this.store = store;
  }

  /** The newest failed jobs as summaries; the field is read as the Redis script reads it. */
  List<FailedJobSummary> failed(int limit, String field, long maxDataBytes) {
    Pattern pattern =
        Pattern.compile("\"" + FailedJobSummary.checkField(field) + "\"\\s*:\\s*\"([^\"\\\\]*)\"");
    store.lock.lock();
    try {
      List<String> ids = new ArrayList<>(store.failed.keySet());
      java.util.Collections.reverse(ids);
      List<FailedJobSummary> out = new ArrayList<>();
      for (String id : ids.subList(0, Math.min(limit, ids.size()))) {
        MemoryEntry e = store.jobs.get(id);
        String value = null;
        long size = DataLimit.utf8Length(e.data);
        if (size > 0 && size <= maxDataBytes) {
          Matcher m = pattern.matcher(e.data);
          value = m.find() ? m.group(1) : null;
        }
        if (value != null && value.length() > FailedJobSummary.MAX_FIELD) {
          value = value.substring(0, FailedJobSummary.MAX_FIELD);
        }
        out.add(
            new FailedJobSummary(
                e.id, e.name, value, e.attemptsMade, e.failedReason, e.finishedOn));
      }
      return out;
    } finally {
      store.lock.unlock();
    }
  }

  /** The ids in {@code state}, newest first (by when they entered it, else by creation). */
  List<String> ids(JobState state, int start, int end) {
    store.lock.lock();
    try {
      List<String> ids;
      if (state == JobState.COMPLETED || state == JobState.FAILED) {
        ids =
            new ArrayList<>(
                (state == JobState.COMPLETED ? store.completed : store.failed).keySet());
        java.util.Collections.reverse(ids);
      } else {
        ids =
            store.jobs.values().stream()
                .filter(e -> e.state == state)
                .sorted(
                    java.util.Comparator.comparingLong((MemoryEntry e) -> e.timestamp)
                        .thenComparing(e -> e.id)
                        .reversed())
                .map(e -> e.id)
                .toList();
      }
      if (start >= ids.size()) {
        return List.of();
      }
      return List.copyOf(ids.subList(start, Math.min(ids.size(), end + 1)));
    } finally {
      store.lock.unlock();
    }
  }

  /** A failed job back to waiting, as BullMQ's reprocessJob; false when not failed. */
  boolean reprocess(String id) {
    return locked(() -> reprocessLocked(id));
  }

  private boolean reprocessLocked(String id) {
    MemoryEntry e = store.jobs.get(id);
    if (e == null || e.state != JobState.FAILED) {
      return false;
    }
    store.failed.remove(id);
    e.failedReason = null;
    e.processedOn = 0;
    e.finishedOn = 0;
    store.enqueue(e);
    store.changed.signalAll();
    return true;
  }

  /** Every job that had failed by now, oldest failure first. */
  long retryAllFailed() {
    return locked(
        () -> {
          long now = store.clock.millis();
          List<String> due = new ArrayList<>();
          store.failed.forEach(
              (id, at) -> {
                if (at <= now) {
                  due.add(id);
                }
              });
          due.forEach(this::reprocessLocked);
          return (long) due.size();
        });
  }

  boolean promote(String id) {
    return locked(
        () -> {
          MemoryEntry e = store.jobs.get(id);
          if (e == null || e.state != JobState.DELAYED) {
            return false;
          }
          store.enqueue(e);
          store.changed.signalAll();
          return true;
        });
  }

  JobQueue.Removal remove(String id) {
    return locked(
        () -> {
          MemoryEntry e = store.jobs.get(id);
          if (e == null) {
            return JobQueue.Removal.NOT_FOUND;
          }
          if (e.state == JobState.ACTIVE) {
            return JobQueue.Removal.ACTIVE;
          }
          store.waiting.remove(id);
          store.completed.remove(id);
          store.failed.remove(id);
          store.jobs.remove(id);
          return JobQueue.Removal.REMOVED;
        });
  }

  List<String> clean(JobState state, long before, int limit) {
    JobQueue.checkClean(state, limit);
    return locked(
        () -> {
          List<String> removed = new ArrayList<>();
          if (state == JobState.DELAYED) {
            store.jobs.values().stream()
                .filter(e -> e.state == JobState.DELAYED)
                .filter(e -> (e.processedOn > 0 ? e.processedOn : e.timestamp) <= before)
                .sorted(java.util.Comparator.comparingLong((MemoryEntry e) -> e.dueAt))
                .limit(limit == 0 ? Long.MAX_VALUE : limit)
                .forEach(e -> removed.add(e.id));
          } else {
            Map<String, Long> set = state == JobState.COMPLETED ? store.completed : store.failed;
            Iterator<Map.Entry<String, Long>> it = set.entrySet().iterator();
            while (it.hasNext() && (limit == 0 || removed.size() < limit)) {
              Map.Entry<String, Long> next = it.next();
              if (next.getValue() <= before) {
                removed.add(next.getKey());
              }
            }
            removed.forEach(set::remove);
          }
          removed.forEach(store.jobs::remove);
          return removed;
        });
  }

  void pause(boolean paused) {
    locked(
        () -> {
          store.paused = paused;
          store.changed.signalAll();
          return null;
        });
  }

  boolean isPaused() {
    return locked(() -> store.paused);
  }

  private <T> T locked(Supplier<T> action) {
    store.lock.lock();
    try {
      return action.get();
    } finally {
      store.lock.unlock();
    }
  }
}
