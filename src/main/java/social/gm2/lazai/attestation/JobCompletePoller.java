package social.gm2.lazai.attestation;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import social.gm2.lazai.attestation.AttestationStore.Checkpoint;
import social.gm2.lazai.attestation.AttestationStore.Cursor;
import social.gm2.lazai.attestation.JobCompleteVerifier.Checked;
import social.gm2.lazai.chain.JobCompleted;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.LogRangeTooLargeException;

/**
 * Reads the VerifiedComputing contract's {@code JobComplete} logs block range by block range, only
 * up to {@code head − confirmations}, from a cursor kept in the database. Each step first checks
 * that the last block read still has the hash it had; if not, a reorg happened, and the step rolls
 * back to the newest checkpoint the chain still agrees with, revoking the attestations above it.
 * RPC cost grows with blocks and with JobComplete logs, never with the number of waiting tokens.
 */
final class JobCompletePoller {
  private static final Logger log = LoggerFactory.getLogger(JobCompletePoller.class);
  private static final int FORK_SEARCH = 256;

  private final LazaiChain chain;
  private final AttestationStore store;
  private final PollerLease lease;
  private final JobCompleteVerifier verifier;
  private final AdaptiveRange range;
  private final AttestationProperties properties;
  private final StartBlock startBlock;
  private final WaitingRewards waiting;
  private final ApplicationEventPublisher events;
  private final MeterRegistry meters;

  JobCompletePoller(
      LazaiChain chain,
      AttestationStore store,
      PollerLease lease,
      JobCompleteVerifier verifier,
      AttestationProperties properties,
      StartBlock startBlock,
      WaitingRewards waiting,
      ApplicationEventPublisher events,
      MeterRegistry meters) {
    this.chain = chain;
    this.store = store;
    this.lease = lease;
    this.verifier = verifier;
    this.properties = properties;
    this.range = new AdaptiveRange(properties.initialRange(), properties.maxRange());
    this.startBlock = startBlock;
    this.waiting = waiting;
    this.events = events;
    this.meters = meters;
  }

  /**
   * One step: a reorg check and at most one range.
   *
   * @return whether more blocks are ready to be read now
   */
  boolean poll() {
    Optional<Long> fence = lease.acquire();
    if (fence.isEmpty()) {
      log.debug("attestation poller {} waits: another instance holds the lease", lease.owner());
      return false;
    }
    long safe = chain.head() - properties.confirmations();
    Cursor cursor = store.existingCursor().orElseGet(() -> firstCursor(safe));
    OptionalLong fork = forkBase(cursor);
    if (fork.isPresent()) {
      rollBack(fence.get(), fork.getAsLong());
      return true;
    }
    if (cursor.nextBlock() > safe) {
      return false;
    }
    long to = Math.min(safe, cursor.nextBlock() + range.size() - 1);
    return read(fence.get(), cursor.nextBlock(), to) && to < safe;
  }

  /** The cursor of the first poll ever, from where the start block is at this moment. */
  private Cursor firstCursor(long safe) {
    OptionalLong oldest = waiting.oldestRewardBlock();
    long start = startBlock.resolve(oldest, safe);
    Cursor cursor = store.cursor(start);
    log.info(
        "attestation poller starts at block {} ({})",
        cursor.startBlock(),
        startBlock.source(oldest));
    return cursor;
  }

  int rangeSize() {
    return range.size();
  }

  private boolean read(long fence, long from, long to) {
    // The hash before the logs: a reorg in between leaves a stale hash, found at the next step.
    String hash =
        chain
            .blockHash(to)
            .orElseThrow(() -> new IllegalStateException("block " + to + " is not on the chain"));
    List<JobCompleted> logs;
    try {
      logs = chain.jobsCompleted(from, to);
    } catch (LogRangeTooLargeException e) {
      range.shrink(to - from + 1);
      meters.counter("lazai.attestation.range.refused").increment();
      log.warn(
          "attestation range [{}, {}] refused, next range {} blocks: {}",
          from,
          to,
          range.size(),
          e.getMessage());
      return true;
    }
    range.grow();
    List<Checked> fresh =
        logs.stream()
            .filter(l -> !store.seen(l.txHash(), l.logIndex()))
            .map(verifier::check)
            .toList();
    fresh.stream().filter(c -> !c.verified()).forEach(JobCompletePoller::logRejected);
    List<Attestation> stored = store.commitRange(lease, fence, from, to, hash, fresh);
    meters
        .counter("lazai.attestation.logs", "verdict", "rejected")
        .increment(fresh.stream().filter(c -> !c.verified()).count());
    for (Attestation a : stored) {
      meters.counter("lazai.attestation.logs", "verdict", "verified").increment();
      log.info(
          "attestation verified job={} file={} node={} tx={} block={}",
          a.jobId(),
          a.fileId(),
          a.attestator(),
          a.txHash(),
          a.blockNumber());
      publish(new AttestationVerified(a));
    }
    log.debug("attestation read blocks [{}, {}]: {} logs", from, to, logs.size());
    return true;
  }

  /** Empty if the newest checkpoint still holds; else the block to resume after. */
  private OptionalLong forkBase(Cursor cursor) {
    List<Checkpoint> newest = store.checkpoints(1);
    if (newest.isEmpty() || holds(newest.get(0))) {
      return OptionalLong.empty();
    }
    List<Checkpoint> known = store.checkpoints(FORK_SEARCH);
    for (Checkpoint checkpoint : known) {
      if (holds(checkpoint)) {
        return OptionalLong.of(checkpoint.blockNumber());
      }
    }
    long base = Math.max(cursor.startBlock(), known.get(known.size() - 1).blockNumber() - 1);
    log.error(
        "attestation reorg deeper than the {} checkpoints kept: re-reading from block {}",
        known.size(),
        base + 1);
    return OptionalLong.of(base);
  }

  private boolean holds(Checkpoint checkpoint) {
    return chain
        .blockHash(checkpoint.blockNumber())
        .map(checkpoint.blockHash()::equalsIgnoreCase)
        .orElse(false);
  }

  private void rollBack(long fence, long base) {
    meters.counter("lazai.attestation.reorgs").increment();
    List<Attestation> removed = store.rollback(lease, fence, base);
    log.warn(
        "attestation reorg: blocks after {} replaced, {} attestations revoked, re-reading",
        base,
        removed.size());
    for (Attestation a : removed) {
      log.warn(
          "attestation revoked job={} file={} tx={} block={}: reorg",
          a.jobId(),
          a.fileId(),
          a.txHash(),
          a.blockNumber());
      publish(new AttestationRevoked(a, "block " + a.blockNumber() + " left the chain (reorg)"));
    }
  }

  private void publish(Object event) {
    try {
      events.publishEvent(event);
    } catch (RuntimeException e) {
      log.warn(
          "attestation event {} not handled, the backfill will reconcile: {}", event, e.toString());
    }
  }

  private static void logRejected(Checked c) {
    log.warn(
        "attestation rejected job={} file={} node={} tx={} block={}: {}",
        c.log().jobId(),
        c.log().fileId(),
        c.log().attestator(),
        c.log().txHash(),
        c.log().blockNumber(),
        c.rejection().orElse(""));
  }
}
