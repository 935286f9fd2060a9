package social.gm2.lazai.queue.bullmq;

import org.junit.jupiter.api.AfterAll;
import social.gm2.lazai.queue.JobQueueContract;
import social.gm2.lazai.queue.Queues;

/** The queue contract on the real Redis, in BullMQ's data model. */
class BullMqJobQueueIT extends JobQueueContract {
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
