package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.mint.MintCosts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code costs} of a mint's answer: wei as decimal strings, absent when unknown. */
class MintViewCostsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void weiAreDecimalStringsThatKeepEveryDigit() {
    BigInteger gas = new BigInteger("123456789012345678901234567890");
    BigInteger fees = BigInteger.TWO.pow(64);
    JsonNode costs =
        JSON.readTree(JSON.writeValueAsString(MintView.Costs.of(new MintCosts(gas, fees, 5))));

    assertThat(costs.get("gasWei").isString()).isTrue();
    assertThat(costs.get("gasWei").asString()).isEqualTo("123456789012345678901234567890");
    assertThat(costs.get("nodeFeesWei").asString()).isEqualTo("18446744073709551616");
    assertThat(costs.get("totalWei").asString()).isEqualTo("123456789030792422974944119506");
    assertThat(costs.get("transactions").asInt()).isEqualTo(5);
  }

  @Test
  void unknownCostsAreNull() {
    assertThat(MintView.Costs.of(null)).isNull();
  }
}
