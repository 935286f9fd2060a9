package social.gm2.lazai.chain.web3j;

import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.JobCompleted;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;

/** Reading what a receipt or a log says, trusting only the expected emitter (§13.5). */
final class Logs {
  private Logs() {}

  /** The one log of {@code event} that {@code emitter} wrote in the receipt; others are ignored. */
  static Log only(TransactionReceipt receipt, String emitter, String event, String name) {
    return receipt.getLogs().stream()
        .filter(
            l ->
                ChainReads.lower(l.getAddress()).equals(emitter)
                    && !l.getTopics().isEmpty()
                    && l.getTopics().get(0).equals(event))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "tx "
                        + receipt.getTransactionHash()
                        + " has no "
                        + name
                        + " log from "
                        + emitter));
  }

  static ChainTx tx(TransactionReceipt receipt) {
    return new ChainTx(receipt.getTransactionHash(), receipt.getBlockNumber().longValueExact());
  }

  /** A {@code JobComplete} log, with what is needed to verify it and to notice a reorg. */
  static JobCompleted jobCompleted(Log log) {
    var e = VerifiedComputing.getJobCompleteEventFromLog(log);
    return new JobCompleted(
        ChainReads.lower(log.getAddress()),
        ChainReads.lower(e.attestator),
        new JobId(e.jobId),
        new FileId(e.fileId),
        log.getTransactionHash(),
        log.getLogIndex().intValueExact(),
        log.getBlockNumber().longValueExact(),
        log.getBlockHash());
  }
}
