package social.gm2.lazai.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Turns a {@link ConfigurationException}, wherever it sits in the startup failure, into the one
 * message an operator needs, ahead of Spring's generic binding report (which would print the
 * rejected value).
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    return new FailureAnalysis(
        "The service is not configured correctly: " + cause.getMessage(),
        "Fix the setting in the environment (or the .env file) and start the service again."
            + " The configuration reference is docs/configuration.md.",
        cause);
  }
}
