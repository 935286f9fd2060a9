package social.gm2.lazai.devnet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The simulated node's RAG without a vector store: the decrypted text is cut into chunks and ranked
 * against the query by a deterministic word-overlap score, so a test can predict which chunk comes
 * back.
 *
 * <p><b>Chunks:</b> every line is a paragraph and chunks never span two; a paragraph is split into
 * sentences (after {@code . ! ?} followed by white space) and consecutive sentences are joined with
 * one space into chunks of at most {@value #CHUNK_CHARS} characters (a longer sentence is a chunk
 * of its own); white space inside a chunk is collapsed, so every chunk is one line. Blank lines are
 * skipped.
 *
 * <p><b>Relevance:</b> words are runs of letters and digits, lower-cased, of two or more
 * characters, minus a few English stop words. A chunk scores first by how many distinct query words
 * it contains, then by how many times they occur in it; ties keep the text's order. Chunks that
 * share no word with the query are still returned when fewer than {@code limit} match (as a vector
 * store always returns its nearest neighbours).
 */
final class TextChunks {
  static final int CHUNK_CHARS = 200;

  private static final Pattern LINE = Pattern.compile("\\R");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "the", "is", "are", "was", "were", "be", "of", "to", "in", "on", "at", "and",
          "or", "it", "its", "what", "which", "who", "whom", "how", "do", "does", "did", "my",
          "your", "me", "you", "i", "this", "that", "for", "with", "as", "by", "from", "about",
          "tell", "please");

  private TextChunks() {}

  /** The chunks of {@code text}, in the text's order. */
  static List<String> split(String text) {
    List<String> chunks = new ArrayList<>();
    for (String paragraph : LINE.split(text)) {
      splitParagraph(paragraph, chunks);
    }
    return chunks;
  }

  private static void splitParagraph(String paragraph, List<String> chunks) {
    StringBuilder current = new StringBuilder();
    for (String raw : SENTENCE_END.split(paragraph)) {
      String sentence = raw.strip().replaceAll("\\s+", " ");
      if (sentence.isEmpty()) {
        continue;
      }
      if (current.length() > 0 && current.length() + 1 + sentence.length() > CHUNK_CHARS) {
        chunks.add(current.toString());
        current.setLength(0);
      }
      if (current.length() > 0) {
        current.append(' ');
      }
      current.append(sentence);
    }
    if (current.length() > 0) {
      chunks.add(current.toString());
    }
  }

  /** The {@code limit} chunks most relevant to {@code query}, most relevant first. */
  static List<String> top(List<String> chunks, String query, int limit) {
    Set<String> wanted = new HashSet<>(words(query));
    int[][] scores = new int[chunks.size()][];
    for (int i = 0; i < chunks.size(); i++) {
      scores[i] = score(words(chunks.get(i)), wanted);
    }
    return IntStream.range(0, chunks.size())
        .boxed()
        .sorted(
            Comparator.<Integer>comparingInt(i -> -scores[i][0])
                .thenComparingInt(i -> -scores[i][1])
                .thenComparingInt(i -> i))
        .limit(Math.max(0, limit))
        .map(chunks::get)
        .toList();
  }

  /** {distinct query words present, occurrences of query words}. */
  private static int[] score(List<String> chunkWords, Set<String> wanted) {
    Set<String> seen = new HashSet<>();
    int occurrences = 0;
    for (String word : chunkWords) {
      if (wanted.contains(word)) {
        seen.add(word);
        occurrences++;
      }
    }
    return new int[] {seen.size(), occurrences};
  }

  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text == null ? "" : text);
    while (m.find()) {
      String word = m.group().toLowerCase(Locale.ROOT);
      if (word.length() >= 2 && !STOP_WORDS.contains(word)) {
        words.add(word);
      }
    }
    return words;
  }
}
