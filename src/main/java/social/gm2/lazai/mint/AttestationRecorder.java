package social.gm2.lazai.mint;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import social.gm2.lazai.attestation.Attestation;
import social.gm2.lazai.attestation.AttestationRevoked;
import social.gm2.lazai.attestation.AttestationVerified;

/**
 * Brings a mint in line with its job's attestation: REWARDED → ATTESTED when a verified attestation
 * exists whose job and file are the mint's, and back to REWARDED (original columns cleared) when
 * the attestation the mint recorded is gone. Driven by the poller's events and by the backfill.
 */
final class AttestationRecorder {
  private static final Logger log = LoggerFactory.getLogger(AttestationRecorder.class);

  private final AttestationMints mints;
  private final boolean legacyAttestedAtReward;

  AttestationRecorder(AttestationMints mints, boolean legacyAttestedAtReward) {
    this.mints = mints;
    this.legacyAttestedAtReward = legacyAttestedAtReward;
  }

  @EventListener
  public void onVerified(AttestationVerified event) {
    for (AttestationMints.Row m : mints.byJob(event.attestation().jobId().value())) {
      reconcile(m, Optional.of(event.attestation()));
    }
  }

  @EventListener
  public void onRevoked(AttestationRevoked event) {
    Attestation a = event.attestation();
    for (AttestationMints.Row m : mints.byJob(a.jobId().value())) {
      if (mints.revoke(m, a.txHash(), event.reason(), legacyAttestedAtReward)) {
        log.warn(
            "mint token={} state=REWARDED attestation revoked job={} tx={}: {}",
            m.tokenAddress(),
            a.jobId(),
            a.txHash(),
            event.reason());
      }
    }
  }

  /**
   * Makes the mint's state agree with {@code attestation} (the stored one for its job, if any).
   *
   * @return whether the mint is ATTESTED afterwards
   */
  boolean reconcile(AttestationMints.Row m, Optional<Attestation> attestation) {
    if (m.state() == MintState.ATTESTED) {
      boolean same = attestation.map(a -> a.txHash().equals(m.attestationTxHash())).orElse(false);
      if (same) {
        return true;
      }
      mints.revoke(
          m, m.attestationTxHash(), "attestation no longer stored", legacyAttestedAtReward);
      log.warn(
          "mint token={} state=REWARDED: attestation tx={} no longer verified",
          m.tokenAddress(),
          m.attestationTxHash());
      var reread = mints.byToken(m.tokenAddress());
      return reread.isPresent()
          && reread.get().state() == MintState.REWARDED
          && reconcile(reread.get(), attestation);
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
    if (mints.attest(m, a)) {
      log.info(
          "mint token={} state=ATTESTED job={} node={} tx={} block={}",
          m.tokenAddress(),
          a.jobId(),
          a.attestator(),
          a.txHash(),
          a.blockNumber());
    }
    return true;
  }
}
