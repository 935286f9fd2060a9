package social.gm2.lazai.chain.web3j;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.web3j.protocol.Web3j;
import social.gm2.lazai.chain.ChainProperties;

/**
 * The {@code chain} health component: the RPC endpoint answers, serves the configured chain id, and
 * its head keeps advancing (a node that stopped syncing answers, but with an old head).
 */
final class ChainHealthIndicator extends AbstractHealthIndicator {
  private final Web3j web3;
  private final ChainProperties properties;
  private final Clock clock;
  private long lastHead = -1;
  private Instant lastAdvance;

  ChainHealthIndicator(Web3j web3, ChainProperties properties, Clock clock) {
    super("the chain's RPC endpoint is not usable");
    this.web3 = web3;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  protected synchronized void doHealthCheck(Health.Builder health) throws Exception {
    BigInteger chainId = web3.ethChainId().send().getChainId();
    long head = web3.ethBlockNumber().send().getBlockNumber().longValueExact();
    Instant now = clock.instant();
    if (head != lastHead) {
      lastHead = head;
      lastAdvance = now;
    }
    Duration age = Duration.between(lastAdvance, now);
    health.withDetail("chainId", chainId).withDetail("head", head);
    if (chainId.longValueExact() != properties.chainId()) {
      health
          .down()
          .withDetail(
              "problem",
              "the endpoint serves chain " + chainId + ", configured " + properties.chainId());
    } else if (!properties.maxHeadAge().isZero() && age.compareTo(properties.maxHeadAge()) > 0) {
      health.down().withDetail("problem", "no new block for " + age.toSeconds() + " s");
    } else {
      health.up();
    }
  }
}
