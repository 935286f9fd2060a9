package social.gm2.lazai.storage.local;

import java.io.UncheckedIOException;
import java.time.Clock;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import social.gm2.lazai.config.Setting;
import social.gm2.lazai.storage.StorageProperties;
import social.gm2.lazai.storage.StorageProperties.Provider;

/**
 * The local IPFS-compatible store, when {@code lazai.storage.provider} selects it, with its {@code
 * /ipfs/*} gateway and its {@code storage} health component, which exist only when it runs.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LocalStorageConfiguration.Selected.class)
public class LocalStorageConfiguration {

  @Bean
  public LocalContentStore contentStore(
      StorageProperties properties, Clock clock, Environment env) {
    StorageProperties.Local local = properties.local();
    try {
      return LocalContentStore.open(
          local.directory(),
          local.cidVersion(),
          () -> publicBaseUrl(local, env),
          properties.maxSize().toBytes(),
          clock);
    } catch (UncheckedIOException e) {
      throw Setting.property("lazai.storage.local.directory")
          .problem("cannot be used: " + e.getCause());
    }
  }

  @Bean
  ServletRegistrationBean<IpfsGatewayServlet> ipfsGateway(LocalContentStore store) {
    ServletRegistrationBean<IpfsGatewayServlet> registration =
        new ServletRegistrationBean<>(new IpfsGatewayServlet(store), "/ipfs/*");
    registration.setName("ipfsGateway");
    return registration;
  }

  @Bean
  LocalStorageHealthIndicator storageHealthIndicator(
      LocalContentStore store, StorageProperties properties) {
    return new LocalStorageHealthIndicator(store, properties.local().minFreeSpace());
  }

  /** Unset: this service on loopback, at the port it actually listens on once started. */
  private static String publicBaseUrl(StorageProperties.Local local, Environment env) {
    if (local.publicBaseUrl() != null) {
      return local.publicBaseUrl();
    }
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    return "http://127.0.0.1:" + port;
  }

  static final class Selected implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return StorageProperties.provider(context.getEnvironment()) == Provider.LOCAL;
    }
  }
}
