package social.gm2.lazai.config;

import java.util.Objects;

/**
 * A configuration value that must never be printed: wallet keys, database and Redis passwords, the
 * Pinata JWT. Its {@code toString} is redacted, so a secret that reaches a log line, an exception
 * message or an API answer by accident shows as asterisks. Only {@link #reveal()} gives the value,
 * and only the code that hands it to a driver or signer should call it.
 */
public final class Secret {
  private static final String REDACTED = "******";

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** Used by Spring's binder to turn a property string into a secret. */
  public static Secret valueOf(String value) {
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return REDACTED;
  }
}
