package social.gm2.lazai.mint;

import java.sql.SQLException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import social.gm2.lazai.chain.ChainException;
import social.gm2.lazai.crypto.CryptoException;
import social.gm2.lazai.storage.StorageException;

/**
 * What a mint keeps of a failure ({@code last_error}, the FAILED transition's detail) and so what
 * the public mint status shows: a short reason without URLs (an RPC URL often carries a provider
 * key), IP addresses, {@code host:port}, SQL or driver text. The full text goes to the log (WARN)
 * only.
 */
public final class FailureReason {
  static final int MAX_LENGTH = 300;

  private static final Logger log = LoggerFactory.getLogger(FailureReason.class);
  private static final Pattern URL = Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]*://\\S*");
  private static final Pattern IPV6 =
      Pattern.compile(
          "\\[[0-9A-Fa-f:.%\\w]*:[0-9A-Fa-f:.%\\w]*\\](:\\d+)?"
              + "|(?<![\\w:])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![\\w:])"
              + "|(?<![\\w:])(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?::"
              + "(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?(?:\\.\\d{1,3}){0,3}(?:%\\w+)?");
  private static final Pattern IPV4 =
      Pattern.compile("(?<![\\w.])\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?(?![\\w.])");
  private static final Pattern HOST_PORT =
      Pattern.compile("(?<![\\w.-])(?:[A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*:\\d{2,5}\\b");
  private static final Pattern SQL =
      Pattern.compile(
          "(?i)\\b(sql|jdbc|sqlstate|select\\s.+\\sfrom|insert\\s+into|update\\s.+\\sset)");
  private static final Pattern SPACE = Pattern.compile("\\s+");

  private FailureReason() {}

  /**
   * The reason to record for {@code failure} of the mint of {@code token}, logging the full text.
   */
  public static String of(String token, Throwable failure) {
    log.warn("mint token={} step failed: {}", token, failure.toString());
    return sanitize(failure);
  }

  static String sanitize(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DataAccessException || t instanceof SQLException) {
        return "a database error (the service log has the details)";
      }
    }
    Throwable reason = classified(failure);
    String message = reason.getMessage();
    return sanitize(message == null ? reason.getClass().getSimpleName() : message);
  }

  /**
   * The failure the adapters classified (as {@link MintStepException#isRetryable} finds it), not
   * what wraps it on the way (a lazily created bean's exception says more about Spring than the
   * chain).
   */
  private static Throwable classified(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MintStepException
          || t instanceof ChainException
          || t instanceof StorageException
          || t instanceof CryptoException) {
        return t;
      }
    }
    return failure;
  }

  static String sanitize(String text) {
    String out = SPACE.matcher(text).replaceAll(" ").strip();
    if (SQL.matcher(out).find()) {
      return "a database error (the service log has the details)";
    }
    out = URL.matcher(out).replaceAll("[url]");
    out = IPV6.matcher(out).replaceAll("[address]");
    out = IPV4.matcher(out).replaceAll("[address]");
    out = HOST_PORT.matcher(out).replaceAll("[address]");
    return out.length() > MAX_LENGTH ? out.substring(0, MAX_LENGTH - 1) + "…" : out;
  }
}
