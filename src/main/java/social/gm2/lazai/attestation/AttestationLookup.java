package social.gm2.lazai.attestation;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import social.gm2.lazai.attestation.JobCompleteVerifier.Checked;
import social.gm2.lazai.chain.JobCompleted;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.LogRangeTooLargeException;

/** {@link Attestations} from the poller's store, with targeted chain checks where it cannot see. */
final class AttestationLookup implements Attestations {
  private static final Logger log = LoggerFactory.getLogger(AttestationLookup.class);

  /** The original service searched this many blocks before the reward block. */
  static final long ORIGINAL_WINDOW = 100;

  private final LazaiChain chain;
  private final AttestationStore store;
  private final JobCompleteVerifier verifier;
  private final AttestationProperties properties;
  private final long floorBlock;
  private final ApplicationEventPublisher events;

  AttestationLookup(
      LazaiChain chain,
      AttestationStore store,
      JobCompleteVerifier verifier,
      AttestationProperties properties,
      long floorBlock,
      ApplicationEventPublisher events) {
    this.chain = chain;
    this.store = store;
    this.verifier = verifier;
    this.properties = properties;
    this.floorBlock = floorBlock;
    this.events = events;
  }

  @Override
  public Optional<Attestation> find(JobId jobId) {
    return store.find(jobId);
  }

  @Override
  public Optional<Attestation> check(JobId jobId, long rewardBlock) {
    return check(jobId, rewardBlock, ORIGINAL_WINDOW);
  }

  @Override
  public Optional<Attestation> check(JobId jobId, long rewardBlock, long blocksBefore) {
    Optional<Attestation> stored = store.find(jobId);
    if (stored.isPresent()) {
      return stored;
    }
    // No VerifiedComputing log can lie before the contracts' deployment block.
    long from = Math.max(floorBlock, rewardBlock - blocksBefore);
    long start =
        store.existingCursor().map(AttestationStore.Cursor::startBlock).orElse(Long.MAX_VALUE);
    long to = properties.enabled() ? Math.min(rewardBlock, start - 1) : rewardBlock;
    if (to < from) {
      return Optional.empty(); // the poller reads these blocks: no RPC call per waiting token
    }
    to = Math.min(to, chain.head() - properties.confirmations());
    if (to < from) {
      return Optional.empty(); // not confirmed yet
    }
    // Newest first: the log normally lies just before the reward.
    long size = properties.maxRange();
    for (long high = to; high >= from; ) {
      long low = Math.max(from, high - size + 1);
      List<JobCompleted> logs;
      try {
        logs = chain.jobsCompleted(low, high);
      } catch (LogRangeTooLargeException e) {
        if (size == 1) {
          throw e;
        }
        size = Math.max(1, (high - low + 1) / 2);
        continue;
      }
      Optional<Attestation> found = record(jobId, logs, low, high);
      if (found.isPresent()) {
        return found;
      }
      high = low - 1;
    }
    return Optional.empty();
  }

  private Optional<Attestation> record(JobId jobId, List<JobCompleted> logs, long from, long to) {
    List<Checked> checked =
        logs.stream().filter(l -> l.jobId().equals(jobId)).map(verifier::check).toList();
    for (Checked c : checked) {
      if (!c.verified()) {
        log.warn(
            "attestation rejected job={} tx={} (targeted check): {}",
            jobId,
            c.log().txHash(),
            c.rejection().orElse(""));
        continue;
      }
      Optional<Attestation> saved = store.saveTargeted(c);
      if (saved.isPresent()) {
        log.info(
            "attestation verified job={} tx={} block={} (targeted check of [{}, {}])",
            jobId,
            saved.get().txHash(),
            saved.get().blockNumber(),
            from,
            to);
        events.publishEvent(new AttestationVerified(saved.get()));
      }
    }
    return store.find(jobId);
  }

  @Override
  public long scannedThrough() {
    return store.existingCursor().map(c -> c.nextBlock() - 1).orElse(-1L);
  }
}
