package social.gm2.lazai.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextChunksTest {

  @Test
  void linesAreParagraphsAndSentencesAreGroupedUpToTheLimit() {
    String longSentence = "word ".repeat(50).strip() + ".";
    String text =
        "First  line. Second\tsentence!\n\n" + longSentence + " Short one. Another one?\r\nLast";
    assertThat(TextChunks.split(text))
        .containsExactly(
            "First line. Second sentence!", longSentence, "Short one. Another one?", "Last");
  }

  @Test
  void theChunksWithMostDistinctQueryWordsComeFirstThenOccurrencesThenTextOrder() {
    List<String> chunks =
        List.of(
            "Nothing related here.",
            "Aurora aurora aurora.",
            "The launch code of Aurora is 7341.",
            "Aurora has a launch window.",
            "Also unrelated.");
    assertThat(TextChunks.top(chunks, "What is the launch code of Aurora?", 3))
        .containsExactly(
            "The launch code of Aurora is 7341.",
            "Aurora has a launch window.",
            "Aurora aurora aurora.");
    assertThat(TextChunks.top(chunks, "zebra", 2))
        .as("no match: the text's order, as nearest neighbours")
        .containsExactly("Nothing related here.", "Aurora aurora aurora.");
    assertThat(TextChunks.top(chunks, "aurora", 0)).isEmpty();
  }

  @Test
  void stopWordsAndSingleCharactersAreNotWords() {
    assertThat(TextChunks.words("What is the Launch-Code of a X9 project?"))
        .containsExactly("launch", "code", "x9", "project");
  }
}
