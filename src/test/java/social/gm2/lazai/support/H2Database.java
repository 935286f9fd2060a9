package social.gm2.lazai.support;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.config.DatabaseProperties;

/**
 * The quickstart's embedded database, opened as the service opens it (the JDBC URL of {@link
 * DatabaseProperties#embeddedJdbcUrl()}) in a file under {@code dir}, with every migration applied.
 */
public record H2Database(HikariDataSource dataSource, JdbcTemplate jdbc, TransactionTemplate tx)
    implements AutoCloseable {

  public static H2Database migrated(Path dir) {
    var properties = new DatabaseProperties(null, null, null, null, dir.resolve("lazai"));
    var dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(properties.embeddedJdbcUrl());
    dataSource.setUsername("sa");
    dataSource.setMaximumPoolSize(4);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    return new H2Database(
        dataSource,
        new JdbcTemplate(dataSource),
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
