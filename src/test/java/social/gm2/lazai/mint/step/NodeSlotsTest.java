package social.gm2.lazai.mint.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.mint.ProofNode;

class NodeSlotsTest {
  private static final ProofNode.Request REQUEST =
      new ProofNode.Request(BigInteger.ONE, BigInteger.TWO, "https://x/ipfs/c", "00", "seed");

  @Test
  void noMoreRequestsInFlightPerNodeThanItsSlots() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger called = new AtomicInteger();
    ProofNode slow =
        (url, request) -> {
          most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          called.incrementAndGet();
          sleep(50);
          inFlight.decrementAndGet();
        };
    NodeSlots slots = new NodeSlots(slow, 2, Duration.ofSeconds(30));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(pool.submit(() -> slots.requestProof("http://node-a/proof", REQUEST)));
      }
      for (Future<?> call : calls) {
        call.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(called.get()).isEqualTo(8);
    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void eachNodeHasItsOwnSlots() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    ProofNode node =
        (url, request) -> {
          if (url.contains("node-a")) {
            busy.countDown();
            await(release);
          }
        };
    NodeSlots slots = new NodeSlots(node, 1, Duration.ofMillis(500));
    Thread holder = new Thread(() -> slots.requestProof("http://node-a/proof", REQUEST));
    holder.start();
    assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
    try {
      slots.requestProof("http://node-b/proof", REQUEST);
    } finally {
      release.countDown();
      holder.join(10_000);
    }
    assertThat(holder.isAlive()).isFalse();
  }

  @Test
  void aRequestWaitingTooLongForASlotIsRetryable() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    ProofNode hanging =
        (url, request) -> {
          busy.countDown();
          await(release);
        };
    NodeSlots slots = new NodeSlots(hanging, 1, Duration.ofMillis(100));
    Thread holder = new Thread(() -> slots.requestProof("http://node-a/proof", REQUEST));
    holder.start();
    assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
    try {
      assertThatThrownBy(() -> slots.requestProof("http://node-a/proof", REQUEST))
          .isInstanceOfSatisfying(MintStepException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("lazai.mint.node-concurrency")
          .hasMessageNotContaining("node-a");
    } finally {
      release.countDown();
      holder.join(10_000);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
