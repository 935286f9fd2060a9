package social.gm2.lazai.chain;

import java.math.BigInteger;

/**
 * One fee a node settled on chain ({@code Inference.settlementFees}, lazai-protocol §2.4).
 *
 * @param responseId the {@code SettlementData.id}: the id of the answer the node billed
 * @param cost wei moved from the account to the node
 * @param nonce the request's nonce, which the account's nonce now is
 * @param tx the settling transaction (its {@code BalanceUpdated} log)
 */
public record SettledFee(
    String responseId, String user, String node, BigInteger cost, BigInteger nonce, ChainTx tx) {}
