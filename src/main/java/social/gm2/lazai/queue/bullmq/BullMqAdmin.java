package social.gm2.lazai.queue.bullmq;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.QueueUnavailableException;

/**
 * The admin view's side of one BullMQ queue ({@link BullMqJobQueue} delegates to it): listing ids
 * per state, and the actions Bull Board offers, each one script (resources/queue) so that Node's
 * bullmq sees the same result as after its own call.
 */
final class BullMqAdmin {
  /** Jobs moved per retry-all call, as BullMQ's retryJobs pages. */
  private static final int RETRY_BATCH = 1000;

  private final BullMqQueues backend;
  private final String name;

  BullMqAdmin(BullMqQueues backend, String name) {
    this.backend = backend;
    this.name = name;
  }

  List<String> ids(JobState state, int start, int end) {
    JobQueue.checkRange(state, start, end);
    String p = backend.keyPrefix(name);
    try {
      RedisCommands<String, String> redis = backend.commands();
      return switch (state) {
        case WAITING -> waitingIds(redis, p, start, end);
        case ACTIVE -> redis.lrange(p + "active", start, end);
        case DELAYED -> redis.zrevrange(p + "delayed", start, end);
        case PRIORITIZED -> redis.zrevrange(p + "prioritized", start, end);
        case COMPLETED -> redis.zrevrange(p + "completed", start, end);
        case FAILED -> redis.zrevrange(p + "failed", start, end);
        case UNKNOWN -> List.of();
      };
    } catch (RedisException e) {
      throw new QueueUnavailableException("Redis failed listing the jobs of " + name, e);
    }
  }

  /** A paused queue keeps its waiting jobs in {@code paused} (BullMQ 5) instead of {@code wait}. */
  private static List<String> waitingIds(
      RedisCommands<String, String> redis, String p, int start, int end) {
    List<String> ids = new ArrayList<>(redis.lrange(p + "wait", start, end));
    if (ids.size() < end - start + 1) {
      long inWait = redis.llen(p + "wait");
      long from = Math.max(0, start - inWait);
      long to = end - inWait;
      if (to >= 0) {
        ids.addAll(redis.lrange(p + "paused", from, to));
      }
    }
    return ids;
  }

  boolean retryFailed(String id) {
    Long reply =
        backend.run(
            Script.REPROCESS,
            ScriptOutputType.INTEGER,
            name,
            requireId(id),
            backend.legacyPaused());
    return reply != null && reply == 0;
  }

  long retryAllFailed() {
    String before = Long.toString(backend.clock().millis());
    long total = 0;
    long moved;
    do {
      moved =
          backend.<Long>run(
              Script.RETRYALL,
              ScriptOutputType.INTEGER,
              name,
              Integer.toString(RETRY_BATCH),
              before,
              backend.legacyPaused());
      total += moved;
    } while (moved == RETRY_BATCH);
    return total;
  }

  boolean promote(String id) {
    Long reply =
        backend.run(
            Script.PROMOTE, ScriptOutputType.INTEGER, name, requireId(id), backend.legacyPaused());
    return reply != null && reply == 0;
  }

  JobQueue.Removal remove(String id) {
    long reply = backend.<Long>run(Script.REMOVE, ScriptOutputType.INTEGER, name, requireId(id));
    return switch ((int) reply) {
      case 1 -> JobQueue.Removal.REMOVED;
      case 0 -> JobQueue.Removal.ACTIVE;
      case -8 -> JobQueue.Removal.SCHEDULED;
      default -> JobQueue.Removal.NOT_FOUND;
    };
  }

  List<String> clean(JobState state, long before, int limit) {
    JobQueue.checkClean(state, limit);
    List<Object> removed =
        backend.run(
            Script.CLEAN,
            ScriptOutputType.MULTI,
            name,
            state.name().toLowerCase(Locale.ROOT),
            Long.toString(before),
            Integer.toString(limit));
    return removed.stream().map(String::valueOf).toList();
  }

  void pause() {
    pauseOrResume("paused");
  }

  void resume() {
    pauseOrResume("resumed");
  }

  /** In calls of at most 7000 moved jobs each (a long list to move), one event. */
  private void pauseOrResume(String action) {
    String emit = "1";
    long remaining;
    do {
      remaining =
          backend.<Long>run(
              Script.PAUSE, ScriptOutputType.INTEGER, name, action, backend.legacyPaused(), emit);
      emit = "0";
    } while (remaining > 0);
  }

  boolean isPaused() {
    try {
      return backend.commands().hexists(backend.keyPrefix(name) + "meta", "paused");
    } catch (RedisException e) {
      throw new QueueUnavailableException("Redis failed reading whether " + name + " is paused", e);
    }
  }

  private static String requireId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a job id is required");
    }
    return id;
  }
}
