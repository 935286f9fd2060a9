package social.gm2.lazai.mint.jobs;

/**
 * What the attestator queues ask of the attestation feature, which implements it as a bean. Both
 * calls must be safe to repeat: the queue retries them and several instances share the queues.
 */
public interface AttestatorChecks {

  /** Checks (and records) the attestation of one token's file. Throws to have it retried. */
  void checkToken(AttestatorCheck check);

  /** Looks for attestations that were missed (the periodic backfill); runs once per period. */
  void backfill();
}
