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
 * With {@code management.server.port} set to a port of its own, the actuator (Prometheus, detailed
 * health, probes) moves there, on an internal network and without the API key; the main port then
 * keeps only {@code /actuator/health}, status only, for load balancers (a health group served on
 * the server port). These defaults sit below every other source, so any of them can be overridden.
 */
public class ManagementPortDefaults implements EnvironmentPostProcessor, Ordered {
  static final String SOURCE = "managementPortDefaults";
  static final String GROUP = "management.endpoint.health.group.public.";

  @Override
  public int getOrder() {
    return ConfigDataEnvironmentPostProcessor.ORDER + 3;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    String management = env.getProperty("management.server.port");
    if (management == null
        || management.isBlank()
        || management.strip().equals("-1")
        || Objects.equals(management.strip(), env.getProperty("server.port", "8080").strip())) {
      return;
    }
    env.getPropertySources()
        .addLast(
            new MapPropertySource(
                SOURCE,
                Map.of(
                    "management.endpoint.health.show-details",
                    "always",
                    GROUP + "include",
                    "*",
                    GROUP + "show-components",
                    "never",
                    GROUP + "show-details",
                    "never",
                    GROUP + "additional-path",
                    "server:/actuator/health")));
  }
}
