package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import social.gm2.lazai.mint.PayloadLimit;
import tools.jackson.databind.json.JsonMapper;

class BodyLimitFilterTest {
  private static final long MAX = 1_000_000;
  private final BodyLimitFilter filter =
      new BodyLimitFilter(PayloadLimit.jsonBytes(MAX), MAX, JsonMapper.builder().build());

  @Test
  void eachWayOfSendingDataHasTheLimitItsEncodingNeeds() {
    assertThat(filter.limitFor("application/octet-stream")).isEqualTo(MAX);
    assertThat(filter.limitFor("multipart/form-data; boundary=x"))
        .isEqualTo(MAX + PayloadLimit.SLACK);
    assertThat(filter.limitFor("Multipart/Form-Data;boundary=x"))
        .isEqualTo(MAX + PayloadLimit.SLACK);
    assertThat(filter.limitFor("application/json")).isEqualTo(4 * MAX + PayloadLimit.SLACK);
    assertThat(filter.limitFor(null)).isEqualTo(4 * MAX + PayloadLimit.SLACK);
  }

  @Test
  void theMessageNamesTheRuleOfTheLimit() {
    assertThat(BodyLimitFilter.ruleFor(MAX, MAX)).isEqualTo("lazai.mint.max-data-size");
    assertThat(BodyLimitFilter.ruleFor(MAX + PayloadLimit.SLACK, MAX))
        .contains("form's other parts");
    assertThat(BodyLimitFilter.ruleFor(PayloadLimit.jsonBytes(MAX), MAX))
        .isEqualTo(PayloadLimit.rule());
  }
}
