package social.gm2.lazai.mint;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.attestation.Attestation;
import social.gm2.lazai.attestation.Attestations;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.mint.jobs.AttestatorChecks;

/**
 * The mint side of attestation tracking: targeted checks (the {@code lazai-fetch-attestator} job),
 * the backfill, the overdue flag, and each token's attestation status. Nothing here is dropped: a
 * mint past the deadline is flagged ({@code lazai.attestation.overdue} gauge, {@code
 * lazai.attestation.overdue.flagged} counter, status OVERDUE) and stays watched.
 */
public final class AttestationTracking implements AttestatorChecks {
  private static final Logger log = LoggerFactory.getLogger(AttestationTracking.class);

  private final AttestationMints mints;
  private final AttestationRecorder recorder;
  private final Attestations attestations;
  private final Duration deadline;
  private final Clock clock;
  private final AtomicInteger overdue = new AtomicInteger();
  private final Counter flagged;

  AttestationTracking(
      AttestationMints mints,
      AttestationRecorder recorder,
      Attestations attestations,
      Duration deadline,
      Clock clock,
      MeterRegistry meters) {
    this.mints = mints;
    this.recorder = recorder;
    this.attestations = attestations;
    this.deadline = deadline;
    this.clock = clock;
    meters.gauge("lazai.attestation.overdue", overdue);
    this.flagged = meters.counter("lazai.attestation.overdue.flagged");
  }

  @Override
  public void checkToken(String tokenAddress, long blockNumber, BigInteger fileId) {
    Optional<AttestationMints.Row> found = mints.byToken(tokenAddress);
    if (found.isEmpty()) {
      log.warn("attestation check token={}: no mint for this token", tokenAddress);
      return;
    }
    AttestationMints.Row m = found.get();
    if (fileId != null && m.fileId() != null && !fileId.equals(m.fileId())) {
      log.warn(
          "attestation check token={}: the job names file {}, the mint has file {}; checking the"
              + " mint's",
          tokenAddress,
          fileId,
          m.fileId());
    }
    check(m, m.rewardBlock() != null ? m.rewardBlock() : blockNumber);
  }

  @Override
  public void backfill() {
    int late = 0;
    for (AttestationMints.Row m : mints.rewardedOrAttested()) {
      boolean attested =
          m.rewardBlock() == null ? m.state() == MintState.ATTESTED : check(m, m.rewardBlock());
      if (!attested && isOverdue(m)) {
        late++;
        if (mints.flagOverdue(m.id())) {
          flagged.increment();
          log.error(
              "mint token={} job={} rewarded at {} has no verified attestation after {}:"
                  + " flagged overdue, still watched",
              m.tokenAddress(),
              m.jobId(),
              m.rewardedAt(),
              deadline);
        }
      }
    }
    overdue.set(late);
  }

  /** The token's attestation status, or empty if there is no mint for it. */
  public Optional<AttestationStatus> status(String tokenAddress) {
    return mints.byToken(tokenAddress).map(this::status);
  }

  /** How many rewarded mints were past the deadline at the last backfill. */
  public int overdueCount() {
    return overdue.get();
  }

  private AttestationStatus status(AttestationMints.Row m) {
    Instant due = m.rewardedAt() == null ? null : m.rewardedAt().plus(deadline);
    AttestationStatus.State state =
        switch (m.state()) {
          case ATTESTED -> AttestationStatus.State.ATTESTED;
          case REWARDED ->
              isOverdue(m) ? AttestationStatus.State.OVERDUE : AttestationStatus.State.PENDING;
          default -> AttestationStatus.State.NOT_REWARDED;
        };
    return new AttestationStatus(
        m.tokenAddress(),
        state,
        m.attestator(),
        m.attestationTxHash(),
        m.attestationBlock(),
        m.rewardedAt(),
        due);
  }

  private boolean check(AttestationMints.Row m, long rewardBlock) {
    if (m.jobId() == null) {
      return false;
    }
    Optional<Attestation> a =
        m.state() == MintState.ATTESTED
            ? attestations.find(new JobId(m.jobId()))
            : attestations.check(new JobId(m.jobId()), rewardBlock);
    return recorder.reconcile(m, a);
  }

  private boolean isOverdue(AttestationMints.Row m) {
    return m.state() == MintState.REWARDED
        && m.rewardedAt() != null
        && !m.rewardedAt().plus(deadline).isAfter(clock.instant());
  }
}
