package social.gm2.lazai.queue.bullmq;

import org.junit.jupiter.api.AfterAll;
import social.gm2.lazai.queue.JobQueueAdminContract;
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
}
