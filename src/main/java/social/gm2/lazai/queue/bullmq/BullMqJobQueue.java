package social.gm2.lazai.queue.bullmq;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import social.gm2.lazai.queue.FailedJobSummary;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.JsonText;
import social.gm2.lazai.queue.QueueUnavailableException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The producer and inspection side of one BullMQ queue. */
final class BullMqJobQueue implements JobQueue {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final BullMqQueues backend;
  private final String name;
  private final BullMqAdmin admin;

  BullMqJobQueue(BullMqQueues backend, String name) {
    this.backend = backend;
    this.name = name;
    this.admin = new BullMqAdmin(backend, name);
  }

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
    JobOptions opts = options == null ? JobOptions.defaults() : options;
    List<Object> reply =
        backend.run(
            Script.ADD,
            ScriptOutputType.MULTI,
            name,
            opts.jobId() == null ? "" : opts.jobId(),
            jobName,
            data,
            StoredOptions.encode(opts),
            Long.toString(backend.clock().millis()),
            Long.toString(opts.delay().toMillis()),
            "0",
            "0",
            backend.legacyPaused());
    return String.valueOf(reply.get(0));
  }

  @Override
  public Optional<JobInfo> job(String id) {
    List<Object> reply = backend.run(Script.STATE, ScriptOutputType.MULTI, name, id);
    if (reply.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> hash = new HashMap<>();
    List<?> flat = (List<?>) reply.get(1);
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      hash.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
    }
    return Optional.of(
        new JobInfo(
            id,
            hash.get("name"),
            hash.get("data"),
            JobState.valueOf(String.valueOf(reply.get(0)).toUpperCase(Locale.ROOT)),
            parseInt(hash.getOrDefault("atm", hash.get("attemptsMade"))),
            parseInt(hash.get("ats")),
            hash.get("returnvalue"),
            hash.get("failedReason"),
            stacktrace(hash.get("stacktrace")),
            parseLong(hash.get("timestamp")),
            parseLong(hash.get("processedOn")),
            parseLong(hash.get("finishedOn")),
            hash.get("opts")));
  }

  @Override
  public List<FailedJobSummary> failed(int limit, String field, long maxDataBytes) {
    List<Object> reply =
        backend.run(
            Script.FAILED,
            ScriptOutputType.MULTI,
            name,
            Integer.toString(limit),
            FailedJobSummary.checkField(field),
            Long.toString(maxDataBytes));
    List<FailedJobSummary> summaries = new ArrayList<>();
    for (Object row : reply) {
      List<?> f = (List<?>) row;
      String value = String.valueOf(f.get(5));
      String reason = String.valueOf(f.get(3));
      summaries.add(
          new FailedJobSummary(
              String.valueOf(f.get(0)),
              String.valueOf(f.get(1)),
              value.isEmpty() ? null : value,
              parseInt(String.valueOf(f.get(2))),
              reason.isEmpty() ? null : reason,
              parseLong(String.valueOf(f.get(4)))));
    }
    return summaries;
  }

  @Override
  public List<String> ids(JobState state, int start, int end) {
    return admin.ids(state, start, end);
  }

  @Override
  public boolean retryFailed(String id) {
    return admin.retryFailed(id);
  }

  @Override
  public long retryAllFailed() {
    return admin.retryAllFailed();
  }

  @Override
  public boolean promote(String id) {
    return admin.promote(id);
  }

  @Override
  public Removal remove(String id) {
    return admin.remove(id);
  }

  @Override
  public List<String> clean(JobState state, long before, int limit) {
    return admin.clean(state, before, limit);
  }

  @Override
  public void pause() {
    admin.pause();
  }

  @Override
  public void resume() {
    admin.resume();
  }

  @Override
  public boolean isPaused() {
    return admin.isPaused();
  }

  @Override
  public Map<JobState, Long> counts() {
    String p = backend.keyPrefix(name);
    try {
      RedisCommands<String, String> redis = backend.commands();
      Map<JobState, Long> counts = new EnumMap<>(JobState.class);
      counts.put(JobState.WAITING, redis.llen(p + "wait") + redis.llen(p + "paused"));
      counts.put(JobState.ACTIVE, redis.llen(p + "active"));
      counts.put(JobState.DELAYED, redis.zcard(p + "delayed"));
      counts.put(JobState.PRIORITIZED, redis.zcard(p + "prioritized"));
      counts.put(JobState.COMPLETED, redis.zcard(p + "completed"));
      counts.put(JobState.FAILED, redis.zcard(p + "failed"));
      return counts;
    } catch (RedisException e) {
      throw new QueueUnavailableException("Redis failed counting the jobs of " + name, e);
    }
  }

  @Override
  public List<RemovedRepeatable> removeRepeatables(String jobName) {
    if (jobName != null && jobName.isBlank()) {
      throw new IllegalArgumentException("a job name must not be blank (null: all)");
    }
    List<Object> reply =
        backend.run(Script.UNREPEAT, ScriptOutputType.MULTI, name, jobName == null ? "" : jobName);
    List<RemovedRepeatable> removed = new ArrayList<>();
    for (int i = 0; i + 2 < reply.size(); i += 3) {
      removed.add(
          new RemovedRepeatable(
              String.valueOf(reply.get(i)),
              String.valueOf(reply.get(i + 1)),
              String.valueOf(reply.get(i + 2))));
    }
    return removed;
  }

  static List<String> stacktrace(String json) {
    List<String> traces = new ArrayList<>();
    if (json == null) {
      return traces;
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (node.isArray()) {
        node.forEach(n -> traces.add(n.asString()));
      }
    } catch (JacksonException e) {
      // Node reads a stacktrace that is not an array as []; so do we.
    }
    return traces;
  }

  private static int parseInt(String value) {
    return (int) parseLong(value);
  }

  private static long parseLong(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
