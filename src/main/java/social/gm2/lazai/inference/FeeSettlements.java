package social.gm2.lazai.inference;

import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.chain.InferenceChain;
import social.gm2.lazai.chain.SettledFee;

/**
 * Matches the requests in {@code inference_fee} with the fees their node settled on chain ({@code
 * Inference.settlementFees} for the request's user and nonce; a settlement whose response id is not
 * the answer's is recorded too, and logged): right after an answer, and periodically for those not
 * found then (a node that settles late, a crash before the answer).
 */
public class FeeSettlements {
  private static final Logger log = LoggerFactory.getLogger(FeeSettlements.class);
  static final int BATCH = 100;

  private final InferenceChain chain;
  private final InferenceFees fees;

  public FeeSettlements(InferenceChain chain, InferenceFees fees) {
    this.chain = chain;
    this.fees = fees;
  }

  /** Looks for the fee of request {@code id}; true if it is recorded now. */
  public boolean settle(long id) {
    return settleAll(fees.pending(id)) == 1;
  }

  /** Looks for the fees not yet found (the oldest {@value #BATCH}); how many were found. */
  public int reconcile() {
    return settleAll(fees.pending(BATCH));
  }

  private int settleAll(List<InferenceFees.Pending> pending) {
    int found = 0;
    for (InferenceFees.Pending p : pending) {
      Optional<SettledFee> fee = chain.settledFee(p.user(), p.node(), p.nonce(), p.fromBlock());
      if (fee.isPresent()) {
        if (p.responseId() != null
            && fee.get().responseId() != null
            && !p.responseId().equals(fee.get().responseId())) {
          // The contract settles a nonce once, so this is the request's fee all the same.
          log.warn(
              "inference fee request={} node={} nonce={} was settled under id {} but answered"
                  + " as {}",
              p.id(),
              p.node(),
              p.nonce(),
              fee.get().responseId(),
              p.responseId());
        }
        fees.settled(p.id(), fee.get());
        log.info(
            "inference fee request={} node={} nonce={} cost={} wei tx={}",
            p.id(),
            p.node(),
            p.nonce(),
            fee.get().cost(),
            fee.get().tx().hash());
        found++;
      }
    }
    return found;
  }
}
