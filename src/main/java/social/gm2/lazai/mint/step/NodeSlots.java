package social.gm2.lazai.mint.step;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.mint.ProofNode;

/**
 * At most {@code lazai.mint.node-concurrency} proof requests in flight per node URL from this
 * instance, so many mints at once queue here rather than flood one node. A request that waits
 * longer than the node read timeout for a slot fails retryably, as a node that does not answer.
 */
final class NodeSlots implements ProofNode {
  private final ProofNode nodes;
  private final int perNode;
  private final Duration maxWait;
  private final ConcurrentMap<String, Semaphore> slots = new ConcurrentHashMap<>();

  NodeSlots(ProofNode nodes, int perNode, Duration maxWait) {
    this.nodes = nodes;
    this.perNode = perNode;
    this.maxWait = maxWait;
  }

  @Override
  public void requestProof(String url, Request request) {
    Semaphore node = slots.computeIfAbsent(url, u -> new Semaphore(perNode, true));
    try {
      if (!node.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw MintStepException.retryable(
            "no free slot for job "
                + request.jobId()
                + " within "
                + maxWait
                + ": the node already has "
                + perNode
                + " requests from this instance in flight (lazai.mint.node-concurrency)",
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw MintStepException.retryable("interrupted while waiting for a slot on the node", e);
    }
    try {
      nodes.requestProof(url, request);
    } finally {
      node.release();
    }
  }
}
