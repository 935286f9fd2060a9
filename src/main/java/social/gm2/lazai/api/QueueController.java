package social.gm2.lazai.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import social.gm2.lazai.mint.jobs.LazaiQueues;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.QueueUnavailableException;
import social.gm2.lazai.queue.Queues;

/**
 * Queue admin (API key required): jobs per state on each of the original service's queues, the same
 * counts Bull Board shows; null for a queue whose store cannot be reached.
 */
@Tag(name = "queues", description = "The job queues")
@RestController
class QueueController {
  static final List<String> QUEUES =
      List.of(
          LazaiQueues.MINT_DAT, LazaiQueues.FETCH_ATTESTATOR, LazaiQueues.CRON_FETCH_ATTESTATOR);

  private final Queues queues;

  QueueController(Queues queues) {
    this.queues = queues;
  }

  @Operation(operationId = "getQueueCounts", summary = "Jobs per state of each queue")
  @SecurityRequirement(name = "apiKey")
  @GetMapping(path = "/api/v1/queues", produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Map<JobState, Long>> counts() {
    return counts(queues);
  }

  static Map<String, Map<JobState, Long>> counts(Queues queues) {
    Map<String, Map<JobState, Long>> counts = new LinkedHashMap<>();
    for (String name : QUEUES) {
      try {
        counts.put(name, queues.queue(name).counts());
      } catch (QueueUnavailableException e) {
        counts.put(name, null);
      }
    }
    return counts;
  }
}
