package social.gm2.lazai.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DeterministicModelTest {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_765_000_000), ZoneOffset.UTC);
  private final DeterministicModel model = new DeterministicModel(JSON, CLOCK);

  @Test
  void quotesTheFirstAttachedChunk() {
    String content =
        "Which code?"
            + DeterministicModel.ATTACHMENTS
            + "The code is 42.\nOther chunk.\n</attachments>\n";
    assertThat(DeterministicModel.reply(content))
        .isEqualTo("Based on the attached data: \"The code is 42.\"");
    assertThat(
            DeterministicModel.reply(
                "Which code?" + DeterministicModel.ATTACHMENTS + "</attachments>\n"))
        .isEqualTo("The attached data has nothing about \"Which code?\".");
    assertThat(DeterministicModel.reply(" Which code? "))
        .isEqualTo("I have no attached data to answer \"Which code?\" from.");
  }

  @Test
  void aCompletionCountsWhitespaceSeparatedTokensOfAllMessagesAndTheAnswer() {
    JsonNode request =
        JSON.readTree(
            "{\"model\":\"m1\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"what is   it\"}]}");
    DeterministicModel.Completion c = model.answer(request);
    assertThat(c.promptTokens()).isEqualTo(5);
    assertThat(c.content()).isEqualTo("I have no attached data to answer \"what is   it\" from.");
    assertThat(c.completionTokens())
        .isEqualTo(DeterministicModel.tokens(c.content()))
        .isEqualTo(11);
    JsonNode body = JSON.readTree(model.json(c));
    assertThat(body.get("id").asString()).startsWith("chatcmpl-").isEqualTo(c.id());
    assertThat(body.get("object").asString()).isEqualTo("chat.completion");
    assertThat(body.get("created").asLong()).isEqualTo(1_765_000_000L);
    assertThat(body.get("model").asString()).isEqualTo("m1");
    assertThat(body.at("/choices/0/message/content").asString()).isEqualTo(c.content());
    assertThat(body.at("/usage/total_tokens").asLong()).isEqualTo(16);
  }

  @Test
  void theStreamRebuildsTheAnswerAndEndsWithUsageAndDone() {
    DeterministicModel.Completion c =
        model.answer(
            JSON.readTree("{\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}"));
    List<String> events =
        new String(model.stream(c), StandardCharsets.UTF_8)
            .lines()
            .filter(l -> !l.isEmpty())
            .toList();
    assertThat(events).allMatch(l -> l.startsWith("data: "));
    assertThat(events.get(events.size() - 1)).isEqualTo("data: [DONE]");
    StringBuilder text = new StringBuilder();
    JsonNode last = null;
    for (String event : events.subList(0, events.size() - 1)) {
      last = JSON.readTree(event.substring(6));
      assertThat(last.get("id").asString()).isEqualTo(c.id());
      assertThat(last.get("model").asString()).isEqualTo(DeterministicModel.MODEL);
      text.append(last.at("/choices/0/delta/content").asString(""));
    }
    assertThat(text.toString()).isEqualTo(c.content());
    assertThat(last.at("/choices/0/finish_reason").asString()).isEqualTo("stop");
    assertThat(last.at("/usage/total_tokens").asLong()).isEqualTo(c.totalTokens());
  }

  @Test
  void aRequestWithoutMessagesIsRefused() {
    assertThatThrownBy(() -> model.answer(JSON.readTree("{\"messages\":[]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("messages");
  }
}
