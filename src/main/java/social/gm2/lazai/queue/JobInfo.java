package social.gm2.lazai.queue;

import java.util.List;

/**
 * A job as the queue holds it, for inspection (tests, the admin API).
 *
 * @param returnValue the handler's result as JSON text, or null
 * @param failedReason the last failure's message, or null
 * @param stacktrace one entry per failed attempt
 * @param processedOn start of the last attempt (epoch ms), or 0
 * @param finishedOn when it completed or failed for good (epoch ms), or 0
 * @param opts the job's options as its producer stored them (BullMQ's {@code opts} JSON, as Node's
 *     {@code Queue.add} or this service wrote it), or null
 */
public record JobInfo(
    String id,
    String name,
    String data,
    JobState state,
    int attemptsMade,
    int attemptsStarted,
    String returnValue,
    String failedReason,
    List<String> stacktrace,
    long timestamp,
    long processedOn,
    long finishedOn,
    String opts) {

  public JobInfo {
    stacktrace = stacktrace == null ? List.of() : List.copyOf(stacktrace);
  }
}
