package social.gm2.lazai.queue.bullmq;

import io.lettuce.core.ScriptOutputType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.queue.DataLimit;
import social.gm2.lazai.queue.Job;
import social.gm2.lazai.queue.JobDelayedException;
import social.gm2.lazai.queue.JobHandler;
import social.gm2.lazai.queue.KeepJobs;
import social.gm2.lazai.queue.NonRetryableJobException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Runs one fetched job through the handler and records the outcome with one script: completed,
 * retried (delayed or at once) or failed. BullMQ's retry decision is the worker's, so it is here.
 */
final class Attempt {
  private static final Logger log = LoggerFactory.getLogger(Attempt.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_TRACE = 8 * 1024;

  private final BullMqQueues backend;
  private final String queue;
  private final JobHandler handler;
  private final String workerName;
  private final long lockMs;
  private final DataLimit dataLimit;

  Attempt(
      BullMqQueues backend,
      String queue,
      JobHandler handler,
      String workerName,
      long lockMs,
      DataLimit dataLimit) {
    this.backend = backend;
    this.queue = queue;
    this.handler = handler;
    this.workerName = workerName;
    this.lockMs = lockMs;
    this.dataLimit = dataLimit;
  }

  /**
   * @param nextToken the token for a job fetched in the same call as the finish, asked for only
   *     when the job is done (null: fetch none, the worker is closing)
   * @return the next job when one was fetched, otherwise null
   */
  FetchedJob run(FetchedJob fetched, Supplier<String> nextToken) {
    if (fetched.fields().isEmpty()) {
      // Removed while waiting: nothing to run; its lock expires and the stalled check drops it.
      log.warn("queue={} job={} was fetched but no longer exists", queue, fetched.id());
      return null;
    }
    StoredOptions opts = StoredOptions.parse(fetched.fields().get("opts"));
    int attemptsMade = fetched.intField("atm", "attemptsMade");
    String deferred = fetched.fields().get("defa");
    if (deferred != null) {
      return failed(fetched, opts, attemptsMade, new NonRetryableJobException(deferred), nextToken);
    }
    if (fetched.withheldDataBytes() > 0) {
      // The fetch script left the payload in Redis: it is over the consumer's limit.
      String reason = dataLimit.refusal(fetched.withheldDataBytes());
      return failed(fetched, opts, attemptsMade, new NonRetryableJobException(reason), nextToken);
    }
    Job job =
        new Job(
            queue,
            fetched.id(),
            fetched.fields().getOrDefault("name", ""),
            fetched.fields().getOrDefault("data", "{}"),
            attemptsMade,
            fetched.longField("timestamp"),
            StoredOptions.traceMetadata(fetched.fields().get("opts")));
    String result = null;
    Throwable failure = null;
    try {
      result = handler.process(job);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      failure = e;
    }
    // The outcome is recorded even when a stopping worker interrupted the slot (a Redis command
    // fails at once on an interrupted thread); the interrupt is kept for the slot's loop.
    boolean interrupted = Thread.interrupted();
    try {
      if (failure instanceof JobDelayedException delay) {
        delayed(fetched, opts, delay);
        return null;
      }
      if (failure != null) {
        return failed(fetched, opts, attemptsMade, failure, nextToken);
      }
      String value = result == null ? "null" : result;
      log.debug("queue={} job={} completed", queue, fetched.id());
      return finish(fetched, "completed", value, "", opts.removeOnComplete(), opts, nextToken);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private FetchedJob failed(
      FetchedJob fetched,
      StoredOptions opts,
      int attemptsMade,
      Throwable error,
      Supplier<String> next) {
    String reason = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    String traces = appendTrace(fetched.fields().get("stacktrace"), error, opts.stackTraceLimit());
    Optional<Long> delay =
        error instanceof NonRetryableJobException
            ? Optional.empty()
            : opts.retryDelay(attemptsMade, () -> ThreadLocalRandom.current().nextDouble());
    if (delay.isEmpty()) {
      log.warn(
          "queue={} job={} failed after {} attempts: {}",
          queue,
          fetched.id(),
          attemptsMade + 1,
          reason);
      return finish(fetched, "failed", reason, traces, opts.removeOnFail(), opts, next);
    }
    log.info(
        "queue={} job={} attempt {} failed, retry in {} ms: {}",
        queue,
        fetched.id(),
        attemptsMade + 1,
        delay.get(),
        reason);
    lost(fetched, retry(fetched, opts, delay.get(), reason, traces, true));
    return null;
  }

  /** Back to delayed without using an attempt: the handler said its work goes on elsewhere. */
  private void delayed(FetchedJob fetched, StoredOptions opts, JobDelayedException delay) {
    log.info(
        "queue={} job={} not finished, back in {} ms: {}",
        queue,
        fetched.id(),
        delay.delay().toMillis(),
        delay.getMessage());
    lost(fetched, retry(fetched, opts, delay.delay().toMillis(), "", "[]", false));
  }

  private Long retry(
      FetchedJob fetched,
      StoredOptions opts,
      long delayMs,
      String reason,
      String traces,
      boolean counted) {
    return backend.run(
        Script.RETRY,
        ScriptOutputType.INTEGER,
        queue,
        fetched.id(),
        fetched.token(),
        Long.toString(backend.clock().millis()),
        Long.toString(delayMs),
        reason,
        traces,
        opts.lifo() ? "1" : "0",
        backend.legacyPaused(),
        counted ? "1" : "0");
  }

  private FetchedJob finish(
      FetchedJob fetched,
      String target,
      String value,
      String traces,
      KeepJobs keep,
      StoredOptions opts,
      Supplier<String> next) {
    long now = backend.clock().millis();
    String nextToken = next.get();
    List<Object> reply =
        backend.run(
            Script.FINISH,
            ScriptOutputType.MULTI,
            queue,
            fetched.id(),
            fetched.token(),
            Long.toString(now),
            target,
            value,
            traces,
            Integer.toString(keep.count()),
            Long.toString(keep.ageSeconds()),
            Integer.toString(keep.limit()),
            Integer.toString(opts.attempts()),
            nextToken == null ? "0" : "1",
            nextToken == null ? "" : nextToken,
            Long.toString(lockMs),
            workerName,
            backend.legacyPaused(),
            Long.toString(dataLimit.maxBytes()));
    if (lost(fetched, (Long) reply.get(0)) || reply.size() < 2) {
      return null;
    }
    return FetchedJob.parse((List<?>) reply.get(1), nextToken, now);
  }

  /** Whether the job was taken from us (lock expired, job removed): nothing was recorded. */
  private boolean lost(FetchedJob fetched, Long code) {
    if (code != null && code < 0) {
      log.warn(
          "queue={} job={} could not be finalised (code {}): its lock was lost; another "
              + "worker or the stalled check has it",
          queue,
          fetched.id(),
          code);
      return true;
    }
    return false;
  }

  static String appendTrace(String existing, Throwable error, int limit) {
    ArrayNode traces = JSON.createArrayNode();
    BullMqJobQueue.stacktrace(existing).forEach(traces::add);
    StringWriter text = new StringWriter();
    error.printStackTrace(new PrintWriter(text));
    String trace = text.toString();
    traces.add(trace.length() > MAX_TRACE ? trace.substring(0, MAX_TRACE) : trace);
    while (limit >= 0 && traces.size() > limit) {
      traces.remove(0);
    }
    return traces.toString();
  }
}
