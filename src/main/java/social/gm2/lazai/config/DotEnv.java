package social.gm2.lazai.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .env} file with the rules of the Node {@code dotenv} package, so the original
 * service's file works unchanged: {@code KEY=value} lines, an optional {@code export} prefix,
 * {@code #} comment lines and trailing comments, values in single, double or back quotes (which may
 * span lines; only double quotes expand {@code \n}), and unquoted values trimmed. A later key
 * overrides an earlier one. Lines that are not assignments are ignored, as dotenv ignores them.
 */
public final class DotEnv {
  private DotEnv() {}

  /** The variables of {@code file}, or none if it does not exist. */
  public static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static Map<String, String> parse(String text) {
    Map<String, String> variables = new LinkedHashMap<>();
    String src = text.replace("\r\n", "\n").replace('\r', '\n');
    int pos = 0;
    while (pos < src.length()) {
      int eol = src.indexOf('\n', pos);
      int end = eol < 0 ? src.length() : eol;
      String line = src.substring(pos, end).stripLeading();
      pos = end + 1;
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).stripLeading();
      }
      int eq = line.indexOf('=');
      if (line.startsWith("#") || eq <= 0 || !isKey(line.substring(0, eq).strip())) {
        continue;
      }
      String key = line.substring(0, eq).strip();
      String rest = line.substring(eq + 1).stripLeading();
      char quote = rest.isEmpty() ? 0 : rest.charAt(0);
      if (quote == '"' || quote == '\'' || quote == '`') {
        // The value runs to the closing quote, which may sit on a later line.
        int valueStart = end - rest.length() + 1;
        int close = closingQuote(src, valueStart, quote);
        if (close >= 0) {
          String value = src.substring(valueStart, close);
          variables.put(
              key, quote == '"' ? value.replace("\\n", "\n").replace("\\r", "\r") : value);
          int next = src.indexOf('\n', close);
          pos = next < 0 ? src.length() : next + 1;
          continue;
        }
      }
      int comment = rest.indexOf(" #");
      variables.put(key, (comment < 0 ? rest : rest.substring(0, comment)).strip());
    }
    return variables;
  }

  private static int closingQuote(String src, int from, char quote) {
    for (int i = from; i < src.length(); i++) {
      char c = src.charAt(i);
      if (c == '\\' && i + 1 < src.length() && src.charAt(i + 1) == quote) {
        i++;
      } else if (c == quote) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isKey(String key) {
    return key.chars()
        .allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
  }
}
