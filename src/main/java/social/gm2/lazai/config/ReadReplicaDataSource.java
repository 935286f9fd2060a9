package social.gm2.lazai.config;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * The connections that read-only transactions use: the replicas in turn, and the primary when none
 * of them answers, so a replica outage slows reads down instead of failing them. A read already
 * holding a connection to a replica that dies fails once; the pool then drops that connection.
 */
public final class ReadReplicaDataSource extends AbstractDataSource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReadReplicaDataSource.class);

  private final List<HikariDataSource> replicas;
  private final DataSource primary;
  private final AtomicInteger next = new AtomicInteger();

  public ReadReplicaDataSource(List<HikariDataSource> replicas, DataSource primary) {
    this.replicas = List.copyOf(replicas);
    this.primary = primary;
  }

  public List<HikariDataSource> replicas() {
    return replicas;
  }

  @Override
  public Connection getConnection() throws SQLException {
    int start = Math.floorMod(next.getAndIncrement(), replicas.size());
    for (int i = 0; i < replicas.size(); i++) {
      HikariDataSource replica = replicas.get((start + i) % replicas.size());
      try {
        return replica.getConnection();
      } catch (SQLException e) {
        log.warn(
            "read replica unavailable pool={} error={}", replica.getPoolName(), e.getMessage());
      }
    }
    log.warn("no read replica answered; reading from the primary");
    return primary.getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) {
    throw new UnsupportedOperationException("replica credentials come from the configuration");
  }

  @Override
  public void close() {
    replicas.forEach(HikariDataSource::close);
  }
}
