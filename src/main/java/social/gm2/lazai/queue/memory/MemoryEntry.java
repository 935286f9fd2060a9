package social.gm2.lazai.queue.memory;

import java.util.ArrayList;
import java.util.List;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.StoredJobOptions;

/** A job as {@link MemoryStore} holds it; read and written under the store's lock only. */
final class MemoryEntry {
  final String id;
  final String name;
  final String data;
  final JobOptions options;
  final long timestamp;
  JobState state;
  long dueAt;
  int attemptsMade;
  int attemptsStarted;
  String returnValue;
  String failedReason;
  final List<String> stacktrace = new ArrayList<>();
  long processedOn;
  long finishedOn;

  MemoryEntry(String id, String name, String data, JobOptions options, long timestamp) {
    this.id = id;
    this.name = name;
    this.data = data;
    this.options = options;
    this.timestamp = timestamp;
  }

  JobInfo info() {
    return new JobInfo(
        id,
        name,
        data,
        state,
        attemptsMade,
        attemptsStarted,
        returnValue,
        failedReason,
        stacktrace,
        timestamp,
        processedOn,
        finishedOn,
        StoredJobOptions.encode(options));
  }
}
