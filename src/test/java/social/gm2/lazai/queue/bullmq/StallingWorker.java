package social.gm2.lazai.queue.bullmq;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import social.gm2.lazai.queue.WorkerOptions;

/**
 * A worker process for {@link StalledJobIT} to kill: takes jobs of queue {@code args[1]} under
 * prefix {@code args[0]}, says {@code started <id>} and never finishes them.
 */
public final class StallingWorker {
  private StallingWorker() {}

  public static void main(String[] args) throws Exception {
    RedisClient client = RedisClient.create();
    client.setOptions(ClientOptions.builder().build());
    BullMqQueues queues =
        new BullMqQueues(
            client, RedisQueues.uri(), new BullMqQueues.Settings(args[0], true), Clock.systemUTC());
    queues
        .worker(
            args[1],
            job -> {
              System.out.println("started " + job.id());
              System.out.flush();
              new CountDownLatch(1).await();
              return null;
            },
            new WorkerOptions(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, "doomed"))
        .start();
    new CountDownLatch(1).await();
  }
}
