package social.gm2.lazai.queue.memory;

import java.time.Clock;
import social.gm2.lazai.queue.JobQueueAdminContract;
import social.gm2.lazai.queue.Queues;

/** The admin actions' contract, in process. */
class MemoryJobQueueAdminTest extends JobQueueAdminContract {

  @Override
  protected Queues newQueues() {
    return new MemoryQueues(Clock.systemUTC());
  }
}
