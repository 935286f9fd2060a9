package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON array of byte values that {@code POST /api/v1/mints} takes, as bytes. */
class MintSubmissionTest {

  @Test
  void everyValueMustBeAByteAndIsNamedByIndexNeverQuoted() {
    assertThat(new MintSubmission("t", "f", List.of(0, 1, 255)).bytes()).containsExactly(0, 1, -1);
    assertThat(new MintSubmission("t", "f", null).bytes()).isNull();
    assertThatThrownBy(() -> new MintSubmission("t", "f", List.of(1, 256)).bytes())
        .hasMessage("privacyData[1] is not a byte value from 0 to 255");
    assertThatThrownBy(() -> new MintSubmission("t", "f", List.of(-1)).bytes())
        .hasMessage("privacyData[0] is not a byte value from 0 to 255");
    assertThatThrownBy(() -> new MintSubmission("t", "f", List.of(1.5)).bytes())
        .hasMessage("privacyData[0] is not a byte value from 0 to 255");
    assertThatThrownBy(() -> new MintSubmission("t", "f", Arrays.asList(1, null)).bytes())
        .hasMessage("privacyData[1] is not a byte value from 0 to 255");
  }
}
