package social.gm2.lazai.attestation;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import social.gm2.lazai.attestation.AttestationBenchPlan.Token;
import social.gm2.lazai.attestation.AttestationBenchmark.Reward;
import social.gm2.lazai.support.RpcProxy;

/**
 * Drives the schedule on the devnet by its blocks: switches Hardhat to interval mining, then, as
 * each scheduled block is reached, sends the job completions and writes the rewards; stops at the
 * plan's end block and snapshots both proxies' counts then.
 */
final class AttestationBenchRun {
  /** Something to do once the run reaches {@code block} (counted from its start). */
  private record Event(int block, boolean complete, Token token) {}

  interface Rewarder {
    void reward(Token token, Reward reward) throws Exception;
  }

  final AttestationBenchPlan plan;
  final List<Token> schedule;
  final List<BigInteger> jobs;
  final Map<Integer, Reward> rewards = new ConcurrentHashMap<>();
  private final AttestationBenchChain chain;
  private final RpcProxy serviceRpc;
  private final RpcProxy originalRpc;
  long startBlock;
  long endBlock;
  Instant startAt;
  Instant endAt;
  Map<String, Long> serviceRequests;
  Map<String, Long> originalRequests;

  AttestationBenchRun(
      AttestationBenchPlan plan,
      AttestationBenchChain chain,
      List<BigInteger> jobs,
      RpcProxy serviceRpc,
      RpcProxy originalRpc) {
    this.plan = plan;
    this.schedule = plan.schedule();
    this.chain = chain;
    this.jobs = jobs;
    this.serviceRpc = serviceRpc;
    this.originalRpc = originalRpc;
  }

  void drive(Rewarder rewarder, IntSupplier serviceAttested, IntSupplier originalAttested)
      throws Exception {
    List<Event> events = new ArrayList<>();
    for (Token t : schedule) {
      events.add(new Event(t.completeAt(), true, t));
      events.add(new Event(t.rewardAt(), false, t));
    }
    // Completions first within a block: a job completed "1 block before" its reward is sent first.
    events.sort(Comparator.comparingInt(Event::block).thenComparing(e -> !e.complete()));
    int end = plan.endBlock(schedule);
    System.out.printf(
        "run: %d blocks of %d ms (%dx real time), original cron every %d ms%n",
        end, plan.blockMs(), plan.scale(), plan.cronMs());
    serviceRpc.reset();
    originalRpc.reset();
    chain.chain.intervalMining(plan.blockMs());
    startBlock = chain.head();
    startAt = Instant.now();
    int next = 0;
    long printed = -1;
    while (true) {
      long head = chain.head();
      long at = head - startBlock;
      while (next < events.size() && events.get(next).block() <= at) {
        Event e = events.get(next++);
        if (e.complete()) {
          chain.complete(jobs.get(e.token().index()));
        } else {
          Reward reward = new Reward(head, Instant.now());
          rewarder.reward(e.token(), reward);
          rewards.put(e.token().index(), reward);
        }
      }
      if (at / 200 > printed) {
        printed = at / 200;
        System.out.printf(
            "block %4d/%d: %4d rewarded, attested by the service %4d, by the original %4d%n",
            at, end, rewards.size(), serviceAttested.getAsInt(), originalAttested.getAsInt());
      }
      if (at >= end) {
        endBlock = head;
        endAt = Instant.now();
        serviceRequests = serviceRpc.counts();
        originalRequests = originalRpc.counts();
        return;
      }
      Thread.sleep(Math.max(5, plan.blockMs() / 2));
    }
  }
}
