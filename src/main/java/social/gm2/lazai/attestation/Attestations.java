package social.gm2.lazai.attestation;

import java.util.Optional;
import social.gm2.lazai.chain.JobId;

/**
 * The read side of attestation tracking: which proof jobs are attested. Answers come from the store
 * the log poller fills, so asking costs no RPC call, however many tokens wait.
 */
public interface Attestations {

  /** The verified attestation of the job, if the poller (or a targeted check) stored one. */
  Optional<Attestation> find(JobId jobId);

  /**
   * The stored attestation of the job; when the poller cannot have seen the job's log (its block
   * lies before where the poller started, or the poller is disabled), the chain is searched over
   * {@code [rewardBlock − 100, rewardBlock]} as the original did, and a log found there is verified
   * and stored like a polled one. Otherwise no RPC call is made: the poller will get there.
   */
  Optional<Attestation> check(JobId jobId, long rewardBlock);

  /**
   * As {@link #check(JobId, long)}, searching {@code blocksBefore} blocks before the reward block
   * instead of the original's 100 (in ranges the RPC accepts): for a mint imported from the
   * original service, whose {@code JobComplete} may lie before both that window and where the
   * poller started.
   */
  Optional<Attestation> check(JobId jobId, long rewardBlock, long blocksBefore);

  /** The newest block the poller has read and verified, or -1 before its first range. */
  long scannedThrough();
}
