package social.gm2.lazai.config;

import java.util.Map;
import java.util.Objects;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code management.server.port} set to a port of its own, the actuator (Prometheus, health,
 * probes) moves there, meant for an internal network: the API key is not asked there (the service's
 * filters serve the main port only) and health shows its details. The main port keeps {@code
 * /healthz}, status only, for load balancers (application.yml). The default sits below every other
 * source, so {@code management.endpoint.health.show-details} set anywhere wins.
 */
public class ManagementPortDefaults implements EnvironmentPostProcessor, Ordered {
  static final String SOURCE = "managementPortDefaults";

  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 3;
  }

  /** Whether the management port is one of its own (0: a random one, always its own). */
  static boolean separate(String management, String server) {
    if (management == null || management.isBlank() || management.strip().equals("-1")) {
      return false;
    }
    return management.strip().equals("0") || !Objects.equals(management.strip(), server.strip());
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if (!separate(
        env.getProperty("management.server.port"), env.getProperty("server.port", "8080"))) {
      return;
    }
    env.getPropertySources()
        .addLast(
            new MapPropertySource(
                SOURCE, Map.of("management.endpoint.health.show-details", "always")));
  }
}
