package social.gm2.lazai.chain;

/**
 * A {@code JobComplete(attestator, jobId, fileId)} log: a node's attestation, with everything
 * needed to check it and to notice a reorg that removes it.
 */
public record JobCompleted(
    String emitter,
    String attestator,
    JobId jobId,
    FileId fileId,
    String txHash,
    int logIndex,
    long blockNumber,
    String blockHash) {}
