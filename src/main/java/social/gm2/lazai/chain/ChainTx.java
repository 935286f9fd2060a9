package social.gm2.lazai.chain;

/** Where a write landed: the mined transaction's hash and block. */
public record ChainTx(String hash, long blockNumber) {}
