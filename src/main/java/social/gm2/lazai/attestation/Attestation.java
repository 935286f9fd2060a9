package social.gm2.lazai.attestation;

import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.JobId;

/**
 * A verified attestation: the {@code JobComplete} log of the configured VerifiedComputing contract
 * for {@code jobId}, emitted by the node the job was assigned to, with the job Completed on chain.
 * The block hash is kept so that a reorg that drops the log also drops the attestation.
 */
public record Attestation(
    JobId jobId,
    FileId fileId,
    String attestator,
    String txHash,
    int logIndex,
    long blockNumber,
    String blockHash) {}
