package social.gm2.lazai.devnet;

import java.util.Locale;
import java.util.Map;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;

/**
 * Environment variables read as typed values, blank counting as unset; a malformed value is a
 * {@code ConfigurationException} naming the variable. Not a record: its {@code toString} would
 * print the whole environment, keys included.
 */
final class EnvironmentReader {
  private final Map<String, String> env;

  EnvironmentReader(Map<String, String> env) {
    this.env = env;
  }

  String text(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  Secret secret(String name) {
    String value = text(name);
    return value == null ? null : Secret.valueOf(value);
  }

  long number(String name, long defaultValue) {
    String value = text(name);
    try {
      return value == null ? defaultValue : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw Setting.property(name).problem("must be a whole number, got '" + value + "'");
    }
  }

  int port(String name, int defaultPort) {
    long port = number(name, defaultPort);
    if (port < 0 || port > 65_535) {
      throw Setting.property(name).problem("must be 0 (any free port) to 65535, got " + port);
    }
    return (int) port;
  }

  double fraction(String name) {
    String value = text(name);
    try {
      return value == null ? 0 : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw Setting.property(name).problem("must be a number from 0 to 1, got '" + value + "'");
    }
  }

  boolean flag(String name, boolean defaultValue) {
    String value = text(name);
    if (value == null) {
      return defaultValue;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "true", "yes", "on" -> true;
      case "0", "false", "no", "off" -> false;
      default ->
          throw Setting.property(name)
              .problem("must be true or false (or 1/0, yes/no, on/off), got '" + value + "'");
    };
  }
}
