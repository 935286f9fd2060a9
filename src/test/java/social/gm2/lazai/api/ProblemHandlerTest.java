package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import social.gm2.lazai.mint.InvalidMintRequestException;

class ProblemHandlerTest {
  private final ProblemHandler handler = new ProblemHandler();
  private final MockHttpServletRequest request =
      new MockHttpServletRequest("POST", "/api/v1/mints/0xab<script>/retry");

  @Test
  void anUnexpectedErrorIsAGeneric500ThatTellsNothingOfTheCause() {
    var answer =
        handler.unexpected(
            new IllegalStateException("jdbc:mariadb://db password=hunter2 failed"), request);

    assertThat(answer.getStatusCode().value()).isEqualTo(500);
    assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(answer.getBody().getDetail())
        .isEqualTo("An unexpected error occurred; the service log has the details.")
        .doesNotContain("hunter2");
    assertThat(answer.getBody().getInstance().toString())
        .isEqualTo("/api/v1/mints/0xabscript/retry");
  }

  @Test
  void anInvalidMintRequestNamesTheField() {
    var answer =
        handler.invalid(
            new InvalidMintRequestException("privacyData[3]", "is not a byte value from 0 to 255"),
            request);

    assertThat(answer.getStatusCode().value()).isEqualTo(400);
    assertThat(answer.getBody().getProperties()).containsEntry("field", "privacyData[3]");
    assertThat(answer.getBody().getDetail())
        .isEqualTo("privacyData[3] is not a byte value from 0 to 255");
  }
}
