package social.gm2.lazai.mint.attestation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.OptimisticLockingFailureException;
import social.gm2.lazai.attestation.Attestation;
import social.gm2.lazai.attestation.AttestationRevoked;
import social.gm2.lazai.attestation.AttestationVerified;
import social.gm2.lazai.attestation.Attestations;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintMoved;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStore;
import social.gm2.lazai.mint.MintStore.Watched;

/**
 * The mint side of attestations: keeps each minted mint in line with its job's verified
 * attestation, whichever arrives second. REWARDED → ATTESTED when the attestation is verified (the
 * poller's event), when the mint becomes REWARDED after its attestation was stored, on a targeted
 * check (the {@code lazai-fetch-attestator} job) and in the backfill; back to REWARDED when the
 * attestation the mint recorded is gone. Nothing is dropped: a mint past the deadline is flagged
 * ({@code lazai.attestation.overdue} gauge, {@code lazai.attestation.overdue.flagged} counter,
 * status OVERDUE) and stays watched.
 */
public final class AttestationReconciler {
  private static final Logger log = LoggerFactory.getLogger(AttestationReconciler.class);

  private final MintStore mints;
  private final Attestations attestations;
  private final Duration deadline;
  private final long importSearchBlocks;
  private final Clock clock;

  /** Imported mints whose long search this instance already made (it is not repeated). */
  private final Set<Long> searched = ConcurrentHashMap.newKeySet();

  private final AtomicInteger overdue = new AtomicInteger();
  private final Counter flagged;

  public AttestationReconciler(
      MintStore mints,
      Attestations attestations,
      Duration deadline,
      Clock clock,
      MeterRegistry meters) {
    this(mints, attestations, deadline, 0, clock, meters);
  }

  /**
   * @param importSearchBlocks how far before its reward block an imported mint's {@code
   *     JobComplete} is searched, once per instance
   */
  public AttestationReconciler(
      MintStore mints,
      Attestations attestations,
      Duration deadline,
      long importSearchBlocks,
      Clock clock,
      MeterRegistry meters) {
    this.mints = mints;
    this.attestations = attestations;
    this.deadline = deadline;
    this.importSearchBlocks = importSearchBlocks;
    this.clock = clock;
    meters.gauge("lazai.attestation.overdue", overdue);
    this.flagged = meters.counter("lazai.attestation.overdue.flagged");
  }

  @EventListener
  public void onVerified(AttestationVerified event) {
    for (Mint m : mints.byJob(event.attestation().jobId().value())) {
      reconcile(m, Optional.of(event.attestation()));
    }
  }

  @EventListener
  public void onRevoked(AttestationRevoked event) {
    Attestation a = event.attestation();
    for (Mint m : mints.byJob(a.jobId().value())) {
      if (m.state() == MintState.ATTESTED && a.txHash().equals(m.attestationTxHash())) {
        revoke(m, event.reason());
      }
    }
  }

  /**
   * A mint that becomes REWARDED (or is imported REWARDED) may find its attestation already
   * verified and stored.
   */
  @EventListener
  public void onMoved(MintMoved event) {
    Mint m = event.mint();
    boolean rewarded = event.from() == MintState.PROOF_SUBMITTED;
    boolean imported = event.from() == null && m.imported() && m.jobId() != null;
    if (m.state() == MintState.REWARDED && (rewarded || imported)) {
      reconcile(m, attestations.find(new JobId(m.jobId())));
    }
  }

  /**
   * Records the token's attestation if it is verified (the {@code lazai-fetch-attestator} job); a
   * token still waiting stays REWARDED and is picked up by the poller or the backfill later.
   *
   * @param blockNumber the reward block the original payload carries
   * @param fileId the file id the original payload carries; a mismatch with the mint is logged
   */
  public void checkToken(String tokenAddress, long blockNumber, BigInteger fileId) {
    List<Watched> found = mints.watched(tokenAddress);
    if (found.isEmpty()) {
      log.warn("attestation check token={}: no minted mint for this token", tokenAddress);
      return;
    }
    Mint m = found.get(0).mint();
    if (fileId != null && m.fileId() != null && !fileId.equals(m.fileId())) {
      log.warn(
          "attestation check token={}: the job names file {}, the mint has file {}; checking the"
              + " mint's",
          tokenAddress,
          fileId,
          m.fileId());
    }
    check(m, m.rewardBlockNumber() != null ? m.rewardBlockNumber() : blockNumber);
  }

  /** Reconciles every REWARDED and ATTESTED mint with the stored attestations; flags late ones. */
  public void backfill() {
    int late = 0;
    for (Watched w : mints.watched(null)) {
      Mint m = w.mint();
      boolean attested =
          m.rewardBlockNumber() == null
              ? m.state() == MintState.ATTESTED
              : check(m, m.rewardBlockNumber());
      if (!attested && isOverdue(w)) {
        late++;
        if (mints.flagOverdue(m.id())) {
          flagged.increment();
          log.error(
              "mint token={} job={} rewarded at {} has no verified attestation after {}:"
                  + " flagged overdue, still watched",
              m.tokenAddress(),
              m.jobId(),
              w.rewardedAt(),
              deadline);
        }
      }
    }
    overdue.set(late);
  }

  /** The token's attestation status, or empty if the token has no mint. */
  public Optional<AttestationStatus> status(String tokenAddress) {
    Optional<AttestationStatus> minted =
        mints.watched(tokenAddress).stream().findFirst().map(this::status);
    if (minted.isPresent()) {
      return minted;
    }
    return mints
        .find(tokenAddress)
        .map(
            m ->
                new AttestationStatus(
                    m.tokenAddress(),
                    AttestationStatus.State.NOT_REWARDED,
                    null,
                    null,
                    null,
                    null,
                    null));
  }

  /** How many rewarded mints were past the deadline at the last backfill. */
  public int overdueCount() {
    return overdue.get();
  }

  private AttestationStatus status(Watched w) {
    Mint m = w.mint();
    Instant due = w.rewardedAt() == null ? null : w.rewardedAt().plus(deadline);
    AttestationStatus.State state =
        m.state() == MintState.ATTESTED
            ? AttestationStatus.State.ATTESTED
            : isOverdue(w) ? AttestationStatus.State.OVERDUE : AttestationStatus.State.PENDING;
    return new AttestationStatus(
        m.tokenAddress(),
        state,
        m.attestator(),
        m.attestationTxHash(),
        m.attestationBlockNumber(),
        w.rewardedAt(),
        due);
  }

  private boolean check(Mint m, long rewardBlock) {
    if (m.jobId() == null) {
      return false;
    }
    JobId job = new JobId(m.jobId());
    Optional<Attestation> a;
    if (m.state() == MintState.ATTESTED) {
      a = attestations.find(job);
    } else if (m.imported() && importSearchBlocks > 100 && !searched.contains(m.id())) {
      // The original's 100-block window missed it: search further back, once.
      a = attestations.check(job, rewardBlock, importSearchBlocks);
      searched.add(m.id());
    } else {
      a = attestations.check(job, rewardBlock);
    }
    return reconcile(m, a);
  }

  /**
   * Makes the mint's state agree with {@code attestation} (the stored one for its job, if any).
   *
   * @return whether the mint is ATTESTED afterwards
   */
  private boolean reconcile(Mint m, Optional<Attestation> attestation) {
    if (m.state() == MintState.ATTESTED) {
      if (attestation.map(a -> a.txHash().equals(m.attestationTxHash())).orElse(false)) {
        return true;
      }
      if (m.imported() && attestation.isEmpty()) {
        // The original's own record of the attestation: kept, as the original kept it.
        return true;
      }
      Mint revoked = revoke(m, "attestation no longer stored");
      return revoked != null && reconcile(revoked, attestation);
    }
    if (m.state() != MintState.REWARDED || attestation.isEmpty()) {
      return false;
    }
    Attestation a = attestation.get();
    if (m.fileId() == null || !a.fileId().value().equals(m.fileId())) {
      log.error(
          "mint token={} job={} has file {}, but the job's attestation tx={} is for file {}: not"
              + " recorded",
          m.tokenAddress(),
          a.jobId(),
          m.fileId(),
          a.txHash(),
          a.fileId());
      return false;
    }
    try {
      mints.attested(m, a.attestator(), a.txHash(), a.blockNumber());
      log.info(
          "mint token={} state=ATTESTED job={} node={} tx={} block={}",
          m.tokenAddress(),
          a.jobId(),
          a.attestator(),
          a.txHash(),
          a.blockNumber());
      return true;
    } catch (OptimisticLockingFailureException e) {
      // Another event, check or instance moved it first: its state now is the answer.
      return mints
          .find(m.tokenAddress())
          .map(now -> now.state() == MintState.ATTESTED)
          .orElse(false);
    }
  }

  /** ATTESTED → REWARDED; the mint after the move, or null if another caller moved it first. */
  private Mint revoke(Mint m, String reason) {
    try {
      Mint revoked = mints.revoked(m, reason);
      log.warn(
          "mint token={} state=REWARDED attestation tx={} revoked: {}",
          m.tokenAddress(),
          m.attestationTxHash(),
          reason);
      return revoked;
    } catch (OptimisticLockingFailureException e) {
      return null;
    }
  }

  private boolean isOverdue(Watched w) {
    return w.mint().state() == MintState.REWARDED
        && w.rewardedAt() != null
        && !w.rewardedAt().plus(deadline).isAfter(clock.instant());
  }
}
