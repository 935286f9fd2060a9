package social.gm2.lazai.attestation;

/**
 * Published after a reorg removed the block of a stored attestation and the attestation was
 * deleted; the job counts as unattested again until its log reappears on the canonical chain.
 */
public record AttestationRevoked(Attestation attestation, String reason) {}
