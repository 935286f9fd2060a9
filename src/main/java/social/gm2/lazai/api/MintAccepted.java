package social.gm2.lazai.api;

import social.gm2.lazai.mint.MintState;

/**
 * The answer to a submitted or retried mint: where it stands now and where to follow it ({@code
 * url}, the same as the {@code Location} header).
 */
public record MintAccepted(String tokenAddress, MintState state, String url) {}
