package social.gm2.lazai.inference;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Fresh request nonces as alith makes them ({@code secureNonce()}: milliseconds × 100 000 + a
 * random uint32 mod 100 000, lazai-protocol §9), and strictly increasing in this process, so two
 * requests in one millisecond, or a clock that steps back, never reuse a nonce. The node refuses a
 * nonce not above the account's last settled one; a caller that knows that on-chain nonce passes it
 * to {@link #after}. Thread-safe.
 */
public final class SettlementNonces {
  private static final long PER_MILLISECOND = 100_000;

  private final Clock clock;
  private final SecureRandom random;
  private BigInteger last;

  public SettlementNonces(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.random = random;
  }

  /** A nonce above every nonce this instance gave before. */
  public BigInteger next() {
    return nextAbove(null);
  }

  /**
   * A nonce above {@code accountNonce} (the account's nonce on chain: the last one settled) and
   * above every nonce this instance gave before.
   *
   * @throws SettlementRequestException if {@code accountNonce} is missing, negative, or uint256's
   *     maximum (nothing can be above it)
   */
  public BigInteger after(BigInteger accountNonce) {
    if (accountNonce == null || accountNonce.signum() < 0) {
      throw new SettlementRequestException(
          "the account nonce must be a non-negative integer, got " + accountNonce);
    }
    if (accountNonce.compareTo(Uint256.MAX) >= 0) {
      throw new SettlementRequestException(
          "the account nonce is uint256's maximum; no request nonce can be above it");
    }
    return nextAbove(accountNonce);
  }

  private synchronized BigInteger nextAbove(BigInteger floor) {
    long fromClock =
        Math.multiplyExact(clock.millis(), PER_MILLISECOND)
            + Integer.toUnsignedLong(random.nextInt()) % PER_MILLISECOND;
    BigInteger nonce = BigInteger.valueOf(fromClock);
    if (last != null) {
      nonce = nonce.max(last.add(BigInteger.ONE));
    }
    if (floor != null) {
      nonce = nonce.max(floor.add(BigInteger.ONE));
    }
    last = nonce;
    return nonce;
  }
}
