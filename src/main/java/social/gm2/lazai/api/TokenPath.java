package social.gm2.lazai.api;

import java.util.Locale;
import java.util.regex.Pattern;

/** A token address taken from a URL path: checked and lower-cased, as the mints store it. */
final class TokenPath {
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

  private TokenPath() {}

  static String parse(String value) {
    if (value == null || !ADDRESS.matcher(value).matches()) {
      throw ApiException.badRequest("The token address must be 0x followed by 40 hex digits.");
    }
    return value.toLowerCase(Locale.ROOT);
  }
}
