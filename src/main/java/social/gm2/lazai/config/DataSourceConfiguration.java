package social.gm2.lazai.config;

import com.zaxxer.hikari.HikariDataSource;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * Primary and read replicas. Every transaction starts on a lazy connection; one that Spring marks
 * read-only ({@code @Transactional(readOnly = true)}) takes its connection from the replicas, every
 * other statement — and Flyway — from the primary.
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfiguration {

  @Bean(destroyMethod = "close")
  @FlywayDataSource
  HikariDataSource primaryDataSource(DatabaseProperties properties) {
    if (properties.embeddedFile() != null) {
      HikariDataSource embedded = new HikariDataSource();
      embedded.setPoolName("primary");
      embedded.setJdbcUrl(properties.embeddedJdbcUrl());
      embedded.setUsername("sa");
      embedded.setMaximumPoolSize(properties.poolSize());
      return embedded;
    }
    return pool("primary", properties.primary(), properties.poolSize());
  }

  @Bean(destroyMethod = "close")
  ReadReplicaDataSource readReplicaDataSource(
      DatabaseProperties properties, @Qualifier("primaryDataSource") DataSource primary) {
    List<HikariDataSource> replicas = new ArrayList<>();
    for (int i = 0; i < properties.replicas().size(); i++) {
      HikariDataSource replica =
          pool("replica-" + i, properties.replicas().get(i), properties.poolSize());
      // Root may write to a read_only server and the driver ignores setReadOnly, so each session
      // is made read-only: a stray write fails instead of silently forking the replica.
      replica.setConnectionInitSql("SET SESSION TRANSACTION READ ONLY");
      replica.setConnectionTimeout(properties.replicaConnectTimeout().toMillis());
      replicas.add(replica);
    }
    return new ReadReplicaDataSource(replicas, primary);
  }

  @Bean
  @Primary
  DataSource dataSource(
      @Qualifier("primaryDataSource") DataSource primary, ReadReplicaDataSource replicas) {
    LazyConnectionDataSourceProxy routing = new LazyConnectionDataSourceProxy(primary);
    if (!replicas.replicas().isEmpty()) {
      routing.setReadOnlyDataSource(replicas);
    }
    return routing;
  }

  private static HikariDataSource pool(String name, DbEndpoint endpoint, int size) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName(name);
    pool.setJdbcUrl(endpoint.jdbcUrl());
    pool.setUsername(endpoint.username());
    pool.setPassword(endpoint.password().reveal());
    pool.setMaximumPoolSize(size);
    return pool;
  }
}
