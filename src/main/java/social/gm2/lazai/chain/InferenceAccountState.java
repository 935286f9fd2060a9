package social.gm2.lazai.chain;

import java.math.BigInteger;

/**
 * A (user, node) account of the Inference contract ({@code getAccount}).
 *
 * @param nonce the last settled request's nonce; a new request's nonce must be above it
 * @param balance wei the node's next fees are settled from
 * @param pendingRefund wei asked back and not yet refunded
 */
public record InferenceAccountState(
    String user, String node, BigInteger nonce, BigInteger balance, BigInteger pendingRefund) {}
