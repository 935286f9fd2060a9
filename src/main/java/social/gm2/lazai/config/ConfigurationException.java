package social.gm2.lazai.config;

/**
 * A setting is missing, malformed or impossible. The message names the setting (the original
 * service's environment variable and the property it maps to) and the problem, and never contains a
 * secret value, so it is safe to print as the reason the service refused to start.
 */
public class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }
}
