package social.gm2.lazai.chain;

import java.math.BigInteger;

/**
 * The Data Anchoring Token minted by {@code requestReward}, from the {@code TokenMinted} and {@code
 * TransferSingle} logs of its receipt.
 */
public record Reward(
    FileId fileId, BigInteger tokenId, BigInteger amount, String owner, ChainTx tx) {}
