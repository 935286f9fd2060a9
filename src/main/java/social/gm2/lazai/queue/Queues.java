package social.gm2.lazai.queue;

/**
 * The queue port: producers and workers for named queues on one backend. {@code queue.bullmq}
 * speaks BullMQ's Redis protocol, so Node producers, workers and dashboards share the queues;
 * {@code queue.memory} keeps them in this process for the embedded quickstart.
 */
public interface Queues extends AutoCloseable {

  JobQueue queue(String name);

  /** A worker for {@code queue}; it starts taking jobs on {@link Worker#start()}. */
  Worker worker(String queue, JobHandler handler, WorkerOptions options);

  @Override
  void close();
}
