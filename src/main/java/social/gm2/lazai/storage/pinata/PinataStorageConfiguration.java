package social.gm2.lazai.storage.pinata;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import social.gm2.lazai.storage.StorageProperties;
import social.gm2.lazai.storage.StorageProperties.Provider;

/** Pinata, when {@code lazai.storage.provider} selects it (what the original service used). */
@Configuration(proxyBeanMethods = false)
@Conditional(PinataStorageConfiguration.Selected.class)
public class PinataStorageConfiguration {

  @Bean
  public PinataContentStore contentStore(StorageProperties properties, Clock clock) {
    return PinataContentStore.create(properties.pinata(), properties.maxSize().toBytes(), clock);
  }

  static final class Selected implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return StorageProperties.provider(context.getEnvironment()) == Provider.PINATA;
    }
  }
}
