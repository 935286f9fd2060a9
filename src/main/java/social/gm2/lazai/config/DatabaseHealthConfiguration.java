package social.gm2.lazai.config;

import com.zaxxer.hikari.HikariDataSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code db} health component: the primary, whose loss makes the service DOWN, and each
 * replica, whose loss only makes it DEGRADED because reads then fall back to the primary.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseHealthConfiguration {

  /** A replica is down, reads go to the primary: still serving, someone should look. */
  static final Status DEGRADED = new Status("DEGRADED");

  @Bean
  HealthContributor db(
      @Qualifier("primaryDataSource") HikariDataSource primary, ReadReplicaDataSource replicas) {
    Map<String, HealthContributor> parts = new LinkedHashMap<>();
    parts.put("primary", new DataSourceHealthIndicator(primary));
    for (HikariDataSource replica : replicas.replicas()) {
      parts.put(replica.getPoolName(), degradedWhenDown(new DataSourceHealthIndicator(replica)));
    }
    return CompositeHealthContributor.fromMap(parts);
  }

  private static HealthIndicator degradedWhenDown(HealthIndicator indicator) {
    return () -> {
      Health health = indicator.health();
      return Status.DOWN.equals(health.getStatus())
          ? Health.status(DEGRADED).withDetails(health.getDetails()).build()
          : health;
    };
  }
}
