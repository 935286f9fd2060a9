package social.gm2.lazai.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.support.MovableClock;

/** Nonces are alith-shaped and never repeat, whatever the clock does. */
class SettlementNoncesTest {

  @Test
  void aClockSteppingBackOrStandingStillNeverRepeatsANonce() {
    MovableClock clock = new MovableClock();
    SettlementNonces nonces = new SettlementNonces(clock, new SecureRandom());
    List<BigInteger> given = new ArrayList<>();

    for (int i = 0; i < 50; i++) {
      given.add(nonces.next());
    }
    clock.advance(Duration.ofMinutes(-5));
    given.add(nonces.next());

    assertThat(given).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void aNonceFromTheClockIsMillisecondsTimesOneHundredThousandPlusLessThanThat() {
    MovableClock clock = new MovableClock();
    SettlementNonces nonces = new SettlementNonces(clock, new SecureRandom());
    BigInteger base = BigInteger.valueOf(clock.millis()).multiply(BigInteger.valueOf(100_000));

    assertThat(nonces.next()).isBetween(base, base.add(BigInteger.valueOf(99_999)));
    clock.advance(Duration.ofSeconds(1));
    assertThat(nonces.next())
        .isBetween(
            base.add(BigInteger.valueOf(100_000_000)), base.add(BigInteger.valueOf(100_099_999)));
  }
}
