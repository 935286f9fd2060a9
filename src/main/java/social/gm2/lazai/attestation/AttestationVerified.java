package social.gm2.lazai.attestation;

/**
 * Published after an attestation is stored (committed), so that whoever waits for the job — the
 * mint of the token — can record it. A listener that fails loses nothing: the store is the truth
 * and the backfill reconciles from it.
 */
public record AttestationVerified(Attestation attestation) {}
