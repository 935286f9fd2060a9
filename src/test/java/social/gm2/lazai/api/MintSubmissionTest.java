package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import social.gm2.lazai.mint.InvalidMintRequestException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON array of byte values that {@code POST /api/v1/mints} takes, read into bytes: errors name
 * the element by its index and never quote it.
 */
class MintSubmissionTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static MintSubmission read(String privacyData) {
    return JSON.readValue(
        "{\"tokenAddress\":\"t\",\"fileName\":\"f\",\"privacyData\":" + privacyData + "}",
        MintSubmission.class);
  }

  @Test
  void everyValueMustBeAByteAndIsNamedByIndexNeverQuoted() {
    assertThat(read("[0, 1, 255, 7.0]").privacyData()).containsExactly(0, 1, -1, 7);
    assertThat(read("null").privacyData()).isNull();
    assertThatThrownBy(() -> read("[1, 256]"))
        .hasRootCauseInstanceOf(InvalidMintRequestException.class)
        .rootCause()
        .hasMessage("privacyData[1] is not a byte value from 0 to 255");
    assertThatThrownBy(() -> read("[-1]"))
        .rootCause()
        .hasMessage("privacyData[0] is not a byte value from 0 to 255");
    assertThatThrownBy(() -> read("[1.5]"))
        .rootCause()
        .hasMessage("privacyData[0] is not a byte value from 0 to 255");
    assertThatThrownBy(() -> read("[1, null]"))
        .rootCause()
        .hasMessage("privacyData[1] is not a byte value from 0 to 255");
    assertThatThrownBy(() -> read("\"aGk=\""))
        .rootCause()
        .hasMessage("privacyData must be an array of byte values (0-255)");
  }

  @Test
  void aNodeBufferAsJsonIsItsBytes() {
    assertThat(read("{\"type\":\"Buffer\",\"data\":[104,105]}").privacyData())
        .containsExactly(104, 105);
    assertThat(read("{\"data\":[0,255],\"type\":\"Buffer\"}").privacyData()).containsExactly(0, -1);
    String expected =
        "privacyData must be an array of byte values (0-255) or a Node Buffer's JSON"
            + " ({\"type\":\"Buffer\",\"data\":[...]})";
    for (String bad :
        new String[] {
          "{\"type\":\"Uint8Array\",\"data\":[1]}",
          "{\"type\":\"Buffer\"}",
          "{\"type\":\"Buffer\",\"data\":[1],\"extra\":1}",
          "{\"type\":\"Buffer\",\"data\":\"aGk=\"}"
        }) {
      assertThatThrownBy(() -> read(bad)).rootCause().hasMessage(expected);
    }
    assertThatThrownBy(() -> read("{\"type\":\"Buffer\",\"data\":[1,300]}"))
        .rootCause()
        .hasMessage("privacyData[1] is not a byte value from 0 to 255");
  }
}
