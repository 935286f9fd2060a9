package social.gm2.lazai.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import social.gm2.lazai.queue.DataLimit;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobState;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A job as {@code @bull-board/api}'s {@code formatJob} shapes it, with its plaintext redacted. */
final class BullBoardJobs {
  static final String PRIVACY_DATA = "privacyData";

  private BullBoardJobs() {}

  static Map<String, Object> format(JsonMapper json, JobInfo job) {
    List<String> stacktrace = new ArrayList<>(job.stacktrace());
    stacktrace.removeIf(s -> s == null || s.isEmpty());
    Collections.reverse(stacktrace);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", job.id());
    out.put("timestamp", job.timestamp());
    out.put("processedOn", job.processedOn() == 0 ? null : job.processedOn());
    out.put("finishedOn", job.finishedOn() == 0 ? null : job.finishedOn());
    out.put("progress", 0);
    out.put("attempts", job.attemptsMade());
    out.put("failedReason", job.failedReason());
    out.put("stacktrace", stacktrace);
    Object opts = parse(json, job.opts());
    out.put("opts", opts == null ? Map.of() : opts);
    out.put("data", redact(json, job.data()));
    out.put("name", job.name() == null ? "" : job.name());
    out.put("returnValue", parse(json, job.returnValue()));
    out.put("isFailed", job.failedReason() != null || !stacktrace.isEmpty());
    if (job.attemptsStarted() > job.attemptsMade()) {
      out.put("attemptsStarted", job.attemptsStarted());
    }
    out.put("state", job.state() == JobState.UNKNOWN ? null : job.state().name().toLowerCase());
    return out;
  }

  /**
   * The job's data with a top-level {@code privacyData} replaced by {@code "[N bytes]"} (N: the
   * number of array elements, or the string's UTF-8 length); data that is not JSON shows as its
   * size only.
   */
  static Object redact(JsonMapper json, String data) {
    if (data == null) {
      return null;
    }
    JsonNode node;
    try {
      node = json.readTree(data);
    } catch (JacksonException e) {
      return "[" + DataLimit.utf8Length(data) + " bytes, not JSON]";
    }
    if (node instanceof ObjectNode object && object.has(PRIVACY_DATA)) {
      JsonNode privacy = object.get(PRIVACY_DATA);
      long size =
          privacy.isArray()
              ? privacy.size()
              : privacy.isString() ? DataLimit.utf8Length(privacy.asString()) : -1;
      object.put(PRIVACY_DATA, size < 0 ? "[redacted]" : "[" + size + " bytes]");
    }
    return node;
  }

  private static Object parse(JsonMapper json, String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JacksonException e) {
      return text;
    }
  }
}
