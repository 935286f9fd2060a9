package social.gm2.lazai.api;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import social.gm2.lazai.queue.JobInfo;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.Queues;

/**
 * Bull Board's actions ({@code PUT /admin/queues/api/...}, as {@code @bull-board/api} 9.10.2 routes
 * them) over our {@link Queues}: retry a failed job or all of them, promote a delayed job or all of
 * them, remove a job, clean completed, failed or delayed jobs, pause and resume a queue or all
 * three. Each one is logged (queue, job id, outcome, client address; never job data). Adding or
 * editing jobs, emptying or obliterating a queue and the rest answer 501. Errors carry Bull Board's
 * {@code error} and {@code message} beside the problem fields, so its UI shows them. Same
 * protection as the dashboard: the API key, and same-origin requests ({@link AccessRules}).
 */
@RestController
class BullBoardActions {
  private static final Logger audit = LoggerFactory.getLogger(BullBoardActions.class);
  private static final String API = BullBoardController.BASE + "/api/queues";

  /** What Bull Board's clean-all keeps: jobs that finished in the last 5 s. */
  static final long CLEAN_GRACE_MS = 5000;

  private final Queues queues;
  private final Clock clock;

  BullBoardActions(Queues queues, Clock clock) {
    this.queues = queues;
    this.clock = clock;
  }

  /** A failed job back to waiting (204); 400 for a job in another state. */
  @PutMapping(API + "/{queueName}/{jobId}/retry")
  ResponseEntity<Void> retry(
      @PathVariable String queueName, @PathVariable String jobId, HttpServletRequest request) {
    return toWaiting(queueName, jobId, JobState.FAILED, JobQueue::retryFailed, "retry", request);
  }

  /** Every failed job back to waiting: {@code {retried, skipped}}; 400 for another status. */
  @PutMapping(API + "/{queueName}/retry/{queueStatus}")
  Map<String, Long> retryAll(
      @PathVariable String queueName,
      @PathVariable String queueStatus,
      HttpServletRequest request) {
    JobQueue queue = queue(queueName);
    if (!"failed".equals(queueStatus)) {
      throw ApiException.badRequest("Only failed jobs can be retried, not " + queueStatus + ".");
    }
    long retried = queue.retryAllFailed();
    log(request, "retry-all", queueName, "-", retried + " retried");
    return Map.of("retried", retried, "skipped", 0L);
  }

  /** A delayed job to waiting now (204); 400 for a job in another state. */
  @PutMapping(API + "/{queueName}/{jobId}/promote")
  ResponseEntity<Void> promote(
      @PathVariable String queueName, @PathVariable String jobId, HttpServletRequest request) {
    return toWaiting(queueName, jobId, JobState.DELAYED, JobQueue::promote, "promote", request);
  }

  /** Moves a job in state {@code from} back to waiting with {@code move}; 400 when it is not. */
  private ResponseEntity<Void> toWaiting(
      String queueName,
      String jobId,
      JobState from,
      BiPredicate<JobQueue, String> move,
      String action,
      HttpServletRequest request) {
    JobQueue queue = queue(queueName);
    JobInfo job = jobOf(queue, jobId);
    if (job.state() != from || !move.test(queue, jobId)) {
      throw ApiException.badRequest(
          "Job %s is %s, not %s: nothing to %s."
              .formatted(jobId, state(job), from.name().toLowerCase(Locale.ROOT), action));
    }
    log(request, action, queueName, jobId, "waiting");
    return ResponseEntity.noContent().build();
  }

  /** Every delayed job to waiting now. */
  @PutMapping(API + "/{queueName}/promote")
  Map<String, Object> promoteAll(@PathVariable String queueName, HttpServletRequest request) {
    JobQueue queue = queue(queueName);
    long promoted = 0;
    List<String> ids;
    do {
      ids = queue.ids(JobState.DELAYED, 0, 999);
      promoted += ids.stream().filter(queue::promote).count();
    } while (ids.size() == 1000);
    log(request, "promote-all", queueName, "-", promoted + " promoted");
    return Map.of();
  }

  /** Removes a job in any state but active (204); 409 while a worker holds it. */
  @PutMapping(API + "/{queueName}/{jobId}/clean")
  ResponseEntity<Void> remove(
      @PathVariable String queueName, @PathVariable String jobId, HttpServletRequest request) {
    JobQueue queue = queue(queueName);
    JobQueue.Removal removal = queue.remove(jobId);
    log(request, "remove", queueName, jobId, removal.name().toLowerCase(Locale.ROOT));
    return switch (removal) {
      case REMOVED -> ResponseEntity.noContent().build();
      case NOT_FOUND -> throw noJob(queue, jobId);
      case ACTIVE ->
          throw new ApiException(
              HttpStatus.CONFLICT, "Job " + jobId + " is active: a worker holds it.");
      case SCHEDULED ->
          throw ApiException.badRequest(
              "Job " + jobId + " is a job scheduler's next run; remove the scheduler instead.");
    };
  }

  /** Removes the completed, failed or delayed jobs older than 5 s, as Bull Board's clean-all. */
  @PutMapping(API + "/{queueName}/clean/{queueStatus}")
  Map<String, Object> clean(
      @PathVariable String queueName,
      @PathVariable String queueStatus,
      HttpServletRequest request) {
    JobQueue queue = queue(queueName);
    JobState state =
        switch (queueStatus) {
          case "completed" -> JobState.COMPLETED;
          case "failed" -> JobState.FAILED;
          case "delayed" -> JobState.DELAYED;
          default ->
              throw ApiException.badRequest(
                  "Only completed, failed or delayed jobs can be cleaned, not "
                      + queueStatus
                      + ".");
        };
    int removed = queue.clean(state, clock.millis() - CLEAN_GRACE_MS, 0).size();
    log(request, "clean", queueName, queueStatus, removed + " removed");
    return Map.of();
  }

  @PutMapping(API + "/{queueName}/pause")
  Map<String, Object> pause(@PathVariable String queueName, HttpServletRequest request) {
    queue(queueName).pause();
    log(request, "pause", queueName, "-", "paused");
    return Map.of();
  }

  @PutMapping(API + "/{queueName}/resume")
  Map<String, Object> resume(@PathVariable String queueName, HttpServletRequest request) {
    queue(queueName).resume();
    log(request, "resume", queueName, "-", "resumed");
    return Map.of();
  }

  @PutMapping(API + "/pause")
  Map<String, Object> pauseAll(HttpServletRequest request) {
    QueueController.QUEUES.forEach(name -> pause(name, request));
    return Map.of();
  }

  @PutMapping(API + "/resume")
  Map<String, Object> resumeAll(HttpServletRequest request) {
    QueueController.QUEUES.forEach(name -> resume(name, request));
    return Map.of();
  }

  /**
   * The rest of Bull Board's actions (add, edit data, delay or priority, empty, obliterate,
   * concurrency, rate limits, schedulers): not offered by this service; 501 with a message the UI
   * shows.
   */
  @RequestMapping(
      path = BullBoardController.BASE + "/api/**",
      method = {RequestMethod.PUT, RequestMethod.POST, RequestMethod.PATCH, RequestMethod.DELETE})
  ResponseEntity<Void> unsupported() {
    throw new ApiException(
        HttpStatus.NOT_IMPLEMENTED,
        "Not supported by the LazAI service's Bull Board: retry, promote, remove, clean, pause"
            + " and resume are.");
  }

  /** Bull Board's UI toasts a failed action's {@code error} and {@code message}. */
  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> refused(ApiException e, HttpServletRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    problem.setInstance(URI.create(ProblemResponse.safePath(request.getRequestURI())));
    problem.setProperty("error", problem.getTitle());
    problem.setProperty("message", e.getMessage());
    return ResponseEntity.status(e.status())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(problem);
  }

  private JobQueue queue(String queueName) {
    return BullBoardController.queue(queues, queueName);
  }

  private static JobInfo jobOf(JobQueue queue, String jobId) {
    return BullBoardController.jobOf(queue, jobId);
  }

  private static ApiException noJob(JobQueue queue, String jobId) {
    return BullBoardController.noJob(queue, jobId);
  }

  private static String state(JobInfo job) {
    return job.state().name().toLowerCase(Locale.ROOT);
  }

  private static void log(
      HttpServletRequest request, String action, String queue, String job, String outcome) {
    audit.info(
        "bull-board action={} queue={} job={} outcome={} client={}",
        action,
        queue,
        job,
        outcome,
        request.getRemoteAddr());
  }
}
