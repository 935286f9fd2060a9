package social.gm2.lazai.chain.tx;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** A stored transaction: one nonce and every signed attempt at it, newest last. */
record StoredTx(
    long id,
    String wallet,
    long nonce,
    TxIntent intent,
    BigInteger gasLimit,
    State state,
    String minedHash,
    List<Attempt> attempts) {

  enum State {
    PENDING,
    MINED,
    REVERTED,
    DROPPED
  }

  /** One signed form of the transaction, as broadcast. */
  record Attempt(String hash, String raw, BigInteger gasPrice, Instant sentAt) {}

  Attempt latest() {
    return attempts.get(attempts.size() - 1);
  }
}
