package social.gm2.lazai.chain;

import java.math.BigInteger;

/** A job opened by {@code requestProof}, as its {@code JobSubmitted} log tells it. */
public record ProofRequest(JobId jobId, FileId fileId, String node, BigInteger fee, ChainTx tx) {}
