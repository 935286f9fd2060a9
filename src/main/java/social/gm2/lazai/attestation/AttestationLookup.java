package social.gm2.lazai.attestation;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import social.gm2.lazai.attestation.JobCompleteVerifier.Checked;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.LazaiChain;

/** {@link Attestations} from the poller's store, with targeted chain checks where it cannot see. */
final class AttestationLookup implements Attestations {
  private static final Logger log = LoggerFactory.getLogger(AttestationLookup.class);

  /** The original service searched this many blocks before the reward block. */
  static final long ORIGINAL_WINDOW = 100;

  private final LazaiChain chain;
  private final AttestationStore store;
  private final JobCompleteVerifier verifier;
  private final AttestationProperties properties;
  private final long startBlock;
  private final long floorBlock;
  private final ApplicationEventPublisher events;

  AttestationLookup(
      LazaiChain chain,
      AttestationStore store,
      JobCompleteVerifier verifier,
      AttestationProperties properties,
      long startBlock,
      long floorBlock,
      ApplicationEventPublisher events) {
    this.chain = chain;
    this.store = store;
    this.verifier = verifier;
    this.properties = properties;
    this.startBlock = startBlock;
    this.floorBlock = floorBlock;
    this.events = events;
  }

  @Override
  public Optional<Attestation> find(JobId jobId) {
    return store.find(jobId);
  }

  @Override
  public Optional<Attestation> check(JobId jobId, long rewardBlock) {
    Optional<Attestation> stored = store.find(jobId);
    if (stored.isPresent()) {
      return stored;
    }
    // No VerifiedComputing log can lie before the contracts' deployment block.
    long from = Math.max(floorBlock, rewardBlock - ORIGINAL_WINDOW);
    long start = store.existingCursor().map(AttestationStore.Cursor::startBlock).orElse(startBlock);
    long to = properties.enabled() ? Math.min(rewardBlock, start - 1) : rewardBlock;
    if (to < from) {
      return Optional.empty(); // the poller reads these blocks: no RPC call per waiting token
    }
    to = Math.min(to, chain.head() - properties.confirmations());
    if (to < from) {
      return Optional.empty(); // not confirmed yet
    }
    List<Checked> logs =
        chain.jobsCompleted(from, to).stream()
            .filter(l -> l.jobId().equals(jobId))
            .map(verifier::check)
            .toList();
    for (Checked checked : logs) {
      if (!checked.verified()) {
        log.warn(
            "attestation rejected job={} tx={} (targeted check): {}",
            jobId,
            checked.log().txHash(),
            checked.rejection().orElse(""));
        continue;
      }
      Optional<Attestation> saved = store.saveTargeted(checked);
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
