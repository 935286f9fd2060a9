package social.gm2.lazai.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.Queues;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stock Bull Board UI ({@code @bull-board/ui}, installed from npm by the build into {@code
 * classpath:bull-board/}) at {@code /admin/queues}, and the part of the JSON API its UI reads,
 * implemented over our {@link Queues}: the three queues with their counts, their jobs per state
 * with paging, and one job; its actions are {@link BullBoardActions}. Job data goes out with {@code
 * privacyData} replaced by its size ({@link BullBoardJobs#redact}). Same protection as the
 * dashboard ({@link AccessRules#BASIC_PATHS}).
 */
@RestController
class BullBoardController {
  static final String BASE = "/admin/queues";
  private static final List<String> JOB_STATUSES =
      List.of(
          "active", "waiting", "waiting-children", "prioritized", "completed", "failed", "delayed");
  private static final int MAX_PER_PAGE = 100;

  private final Queues queues;
  private final JsonMapper json;
  private final String page;

  BullBoardController(Queues queues, JsonMapper json) throws IOException {
    this.queues = queues;
    this.json = json;
    this.page = render(json);
  }

  /** The UI's entry routes (its client-side router takes it from there). */
  @GetMapping(
      path = {BASE, BASE + "/", BASE + "/queue/{queueName}", BASE + "/queue/{queueName}/{jobId}"},
      produces = MediaType.TEXT_HTML_VALUE)
  String entry() {
    return page;
  }

  /** {@code GET /api/queues}: every queue with its counts, and the jobs of the active one. */
  @GetMapping(path = BASE + "/api/queues", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> queues(
      @RequestParam(required = false) String activeQueue,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(defaultValue = "10") int jobsPerPage) {
    if (activeQueue != null
        && !activeQueue.isEmpty()
        && !QueueController.QUEUES.contains(activeQueue)) {
      throw new ApiException(HttpStatus.NOT_FOUND, "There is no queue " + activeQueue + ".");
    }
    if (status != null
        && !status.isEmpty()
        && !"latest".equals(status)
        && !JOB_STATUSES.contains(status)) {
      throw ApiException.badRequest("status must be latest or one of " + JOB_STATUSES + ".");
    }
    if (page < 1 || page > 1_000_000) {
      throw ApiException.badRequest("page must be between 1 and 1000000.");
    }
    if (jobsPerPage < 1 || jobsPerPage > MAX_PER_PAGE) {
      throw ApiException.badRequest("jobsPerPage must be between 1 and " + MAX_PER_PAGE + ".");
    }
    List<Object> list = new ArrayList<>();
    for (String name : QueueController.QUEUES) {
      JobQueue queue = queues.queue(name);
      boolean active = name.equals(activeQueue);
      List<String> statuses =
          !active || status == null || status.isEmpty() || "latest".equals(status)
              ? JOB_STATUSES
              : List.of(status);
      Map<String, Long> counts = counts(queue.counts());
      boolean latest = statuses.size() > 1;
      long total =
          latest
              ? statuses.stream().mapToLong(s -> Math.min(counts.get(s), jobsPerPage)).sum()
              : counts.get(statuses.get(0));
      int start = latest ? 0 : (page - 1) * jobsPerPage;
      int end = start + jobsPerPage - 1;
      List<Object> jobs = new ArrayList<>();
      if (active) {
        for (String s : statuses) {
          Optional<JobState> state = state(s);
          if (state.isEmpty()) {
            continue;
          }
          for (String id : queue.ids(state.get(), start, end)) {
            queue.job(id).ifPresent(j -> jobs.add(BullBoardJobs.format(json, j)));
          }
        }
      }
      Map<String, Object> pagination = new LinkedHashMap<>();
      pagination.put("pageCount", latest ? 1 : (int) Math.ceil(total / (double) jobsPerPage));
      pagination.put("range", Map.of("start", start, "end", end));
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("name", name);
      q.put("statuses", withLatest());
      q.put("counts", counts);
      q.put("jobs", jobs);
      q.put("pagination", pagination);
      q.put("readOnlyMode", false);
      q.put("allowRetries", true);
      q.put("allowCompletedRetries", false);
      q.put("isPaused", queue.isPaused());
      q.put("type", "bullmq");
      q.put("delimiter", "");
      q.put("globalConcurrency", null);
      q.put("activeRateLimitTtl", 0);
      q.put("supportsGlobalRateLimit", false);
      q.put("jobSchedulerCount", 0);
      q.put("hasWorkers", null);
      list.add(q);
    }
    return Map.of("queues", list);
  }

  /** {@code GET /api/queues/:queueName/:jobId}: one job and its state. */
  @GetMapping(
      path = BASE + "/api/queues/{queueName}/{jobId}",
      produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> job(@PathVariable String queueName, @PathVariable String jobId) {
    JobInfo job = jobOf(queue(queueName), jobId);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("job", BullBoardJobs.format(json, job));
    body.put("status", job.state().name().toLowerCase(Locale.ROOT));
    return body;
  }

  /** The job, or 404. */
  static JobInfo jobOf(JobQueue queue, String jobId) {
    return queue.job(jobId).orElseThrow(() -> noJob(queue, jobId));
  }

  static ApiException noJob(JobQueue queue, String jobId) {
    return new ApiException(
        HttpStatus.NOT_FOUND, "There is no job " + jobId + " in " + queue.name() + ".");
  }

  /** One of the three queues, or 404. */
  static JobQueue queue(Queues queues, String queueName) {
    if (!QueueController.QUEUES.contains(queueName)) {
      throw new ApiException(HttpStatus.NOT_FOUND, "There is no queue " + queueName + ".");
    }
    return queues.queue(queueName);
  }

  private JobQueue queue(String queueName) {
    return queue(queues, queueName);
  }

  /**
   * Our counts under Bull Board's status names (a paused queue's waiting jobs count as waiting).
   */
  static Map<String, Long> counts(Map<JobState, Long> ours) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String s : JOB_STATUSES) {
      counts.put(s, state(s).map(st -> ours.getOrDefault(st, 0L)).orElse(0L));
    }
    counts.put("paused", 0L);
    return counts;
  }

  private static Optional<JobState> state(String status) {
    return switch (status) {
      case "active" -> Optional.of(JobState.ACTIVE);
      case "waiting" -> Optional.of(JobState.WAITING);
      case "prioritized" -> Optional.of(JobState.PRIORITIZED);
      case "completed" -> Optional.of(JobState.COMPLETED);
      case "failed" -> Optional.of(JobState.FAILED);
      case "delayed" -> Optional.of(JobState.DELAYED);
      default -> Optional.empty();
    };
  }

  private static List<String> withLatest() {
    List<String> all = new ArrayList<>();
    all.add("latest");
    all.addAll(JOB_STATUSES);
    return all;
  }

  /**
   * The UI's {@code index.ejs} with what {@code @bull-board/api}'s entry point fills in: the base
   * path, the title, the icons and the UI config (read-only board, no history). The web-font link
   * is dropped: the page loads nothing from outside the service.
   */
  private static String render(JsonMapper json) throws IOException {
    String template;
    try (InputStream in = new ClassPathResource("bull-board/index.ejs").getInputStream()) {
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, Object> uiConfig = new LinkedHashMap<>();
    uiConfig.put("boardTitle", "LazAI queues");
    uiConfig.put(
        "favIcon",
        Map.of("default", "static/images/logo.svg", "alternative", "static/favicon-32x32.png"));
    uiConfig.put("showWorkers", false);
    uiConfig.put("hasHistoryProvider", false);
    uiConfig.put("hasHistoryUsage", false);
    uiConfig.put("canPurgeHistory", false);
    uiConfig.put("hasLatencyHistory", false);
    String config =
        json.writeValueAsString(uiConfig).replace("<", "\\u003c").replace(">", "\\u003e");
    return template
        .replaceAll("<link href=\"https://fonts\\.googleapis\\.com[^>]*>", "")
        .replace("<%= basePath %>", HtmlUtils.htmlEscape(BASE + "/"))
        .replace("<%= title %>", "LazAI queues")
        .replace("<%= favIconDefault %>", "static/images/logo.svg")
        .replace("<%= favIconAlternative %>", "static/favicon-32x32.png")
        .replace("<%- uiConfig %>", config);
  }
}
