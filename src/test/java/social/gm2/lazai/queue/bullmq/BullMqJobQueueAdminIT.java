package social.gm2.lazai.queue.bullmq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.queue.JobOptions;
import social.gm2.lazai.queue.JobQueue;
import social.gm2.lazai.queue.JobQueueAdminContract;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.Queues;

/** The admin actions' contract on the real Redis, in BullMQ 5's layout (a paused list). */
class BullMqJobQueueAdminIT extends JobQueueAdminContract {
  private static final RedisQueues REDIS = new RedisQueues();

  @Override
  protected Queues newQueues() {
    return REDIS.open();
  }

  @AfterAll
  static void cleanUp() {
    REDIS.deleteKeys();
  }

  /**
   * A producer in BullMQ 6's layout adds to the wait list while the queue is paused in BullMQ 5's:
   * resume puts the paused list ahead of it instead of renaming over it (bullmq 5's RENAME would
   * lose that job), so the jobs still run oldest first.
   */
  @Test
  void resumeKeepsJobsAddedToTheWaitListWhilePaused() {
    JobQueue legacy = queues.queue(name);
    String first = legacy.add("first", "{}", JobOptions.defaults());
    legacy.pause();
    String second = legacy.add("second", "{}", JobOptions.defaults());
    String third;
    try (BullMqQueues v6 = REDIS.open(false)) {
      third = v6.queue(name).add("third", "{}", JobOptions.defaults());
    }
    assertThat(legacy.ids(JobState.WAITING, 0, 10)).containsExactly(third, second, first);

    legacy.resume();

    assertThat(legacy.ids(JobState.WAITING, 0, 10)).containsExactly(third, second, first);
    start(job -> null, 1);
    long a = awaitState(legacy, first, JobState.COMPLETED).processedOn();
    long b = awaitState(legacy, second, JobState.COMPLETED).processedOn();
    long c = awaitState(legacy, third, JobState.COMPLETED).processedOn();
    assertThat(a).isLessThanOrEqualTo(b);
    assertThat(b).isLessThanOrEqualTo(c);
  }
}
