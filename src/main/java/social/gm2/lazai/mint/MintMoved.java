package social.gm2.lazai.mint;

/**
 * Published after a mint's move committed, for whoever waits on one: attestation tracking looks for
 * a stored attestation when a mint becomes REWARDED. A listener that fails loses nothing; the row
 * is the truth and the backfill reconciles from it.
 *
 * @param from the state the mint left (null for a new mint)
 */
public record MintMoved(Mint mint, MintState from) {}
