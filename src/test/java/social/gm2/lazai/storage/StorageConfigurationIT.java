package social.gm2.lazai.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Configuration;
import social.gm2.lazai.config.ConfigFixtures;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.storage.local.LocalContentStore;
import social.gm2.lazai.storage.pinata.PinataContentStore;

/** The provider picks one store; only the local one brings the gateway and a health component. */
class StorageConfigurationIT {
  @TempDir Path dir;

  @EnableConfigurationProperties(StorageProperties.class)
  @Configuration(proxyBeanMethods = false)
  static class Properties {}

  /** The local devnet: a loopback chain outside production. */
  private static final String DEVNET = "lazai.chain.rpc-url=http://127.0.0.1:18545";

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(
            Properties.class,
            social.gm2.lazai.storage.local.LocalStorageConfiguration.class,
            social.gm2.lazai.storage.pinata.PinataStorageConfiguration.class)
        .withBean(Clock.class, Clock::systemUTC)
        .withPropertyValues("lazai.storage.local.directory=" + dir);
  }

  @Test
  void withoutAJwtTheLocalStoreServesItsGatewayAtTheServicesPort() {
    runner()
        .withPropertyValues("server.port=4321", DEVNET)
        .run(
            context -> {
              assertThat(context).hasSingleBean(LocalContentStore.class);
              assertThat(context).hasSingleBean(HealthIndicator.class);
              assertThat(context).hasBean("storageHealthIndicator");
              ServletRegistrationBean<?> gateway =
                  context.getBean("ipfsGateway", ServletRegistrationBean.class);
              assertThat(gateway.getUrlMappings()).containsExactly("/ipfs/*");
              StoredContent stored =
                  context
                      .getBean(ContentStore.class)
                      .put(new ByteArrayInputStream(new byte[] {1}), 1, "one.bin");
              assertThat(stored.shareUrl())
                  .isEqualTo("http://127.0.0.1:4321/ipfs/" + stored.cid() + "?download=true");
            });
  }

  @Test
  void aJwtSelectsPinataWithoutGatewayOrHealthComponent() {
    runner()
        .withPropertyValues("lazai.storage.pinata.jwt=" + ConfigFixtures.JWT)
        .run(
            context -> {
              assertThat(context).hasSingleBean(PinataContentStore.class);
              assertThat(context).doesNotHaveBean(LocalContentStore.class);
              assertThat(context).doesNotHaveBean(ServletRegistrationBean.class);
              assertThat(context).doesNotHaveBean(HealthIndicator.class);
            });
  }

  @Test
  void theProviderCanBeChosenExplicitly() {
    runner()
        .withPropertyValues(
            "lazai.storage.pinata.jwt=" + ConfigFixtures.JWT,
            "lazai.storage.provider=local",
            DEVNET)
        .run(context -> assertThat(context).hasSingleBean(LocalContentStore.class));
  }

  @Test
  void pinataWithoutAJwtStopsStartupNamingIpfsJwt() {
    runner()
        .withPropertyValues("lazai.storage.provider=pinata")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("IPFS_JWT (lazai.storage.pinata.jwt) is required"));
  }

  @Test
  void offTheDevnetAMissingJwtStopsStartupInsteadOfStoringOnLoopback() {
    for (String[] settings :
        new String[][] {
          {"lazai.chain.rpc-url=https://testnet.lazai.network"},
          {DEVNET, "lazai.app-env=production"},
          {
            "lazai.chain.rpc-url=https://testnet.lazai.network",
            "lazai.storage.provider=local",
            "lazai.storage.local.public-base-url=http://127.0.0.1:3003"
          }
        }) {
      runner()
          .withPropertyValues(settings)
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .as(String.join(" ", settings))
                      .hasStackTraceContaining("ConfigurationException: IPFS_JWT"));
    }
    runner()
        .withPropertyValues(
            "lazai.chain.rpc-url=https://testnet.lazai.network",
            "lazai.storage.provider=local",
            "lazai.storage.local.public-base-url=https://files.example.com")
        .run(context -> assertThat(context).hasSingleBean(LocalContentStore.class));
  }
}
