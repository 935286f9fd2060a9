package social.gm2.lazai.queue.memory;

import java.time.Clock;
import social.gm2.lazai.queue.JobQueueContract;
import social.gm2.lazai.queue.Queues;

/** The queue contract, in process. */
class MemoryJobQueueTest extends JobQueueContract {

  @Override
  protected Queues newQueues() {
    return new MemoryQueues(Clock.systemUTC());
  }
}
