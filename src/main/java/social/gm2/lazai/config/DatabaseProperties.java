package social.gm2.lazai.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The record database: one primary that takes every write and Flyway, and optional read replicas
 * that serve read-only transactions. Set by the original service's {@code MASTER_DB} and {@code
 * SLAVES_DB} variables or by {@code lazai.database.*} properties.
 *
 * @param primary the primary server ({@code MASTER_DB})
 * @param replicas read replicas ({@code SLAVES_DB}); empty means every read goes to the primary
 * @param poolSize connections per server
 * @param replicaConnectTimeout how long a read waits for a replica before it falls back to the
 *     primary
 */
@ConfigurationProperties("lazai.database")
public record DatabaseProperties(
    DbEndpoint primary,
    List<DbEndpoint> replicas,
    Integer poolSize,
    Duration replicaConnectTimeout) {

  static final Setting PRIMARY = new Setting("MASTER_DB", "lazai.database.primary");
  static final Setting REPLICAS = new Setting("SLAVES_DB", "lazai.database.replicas");

  public DatabaseProperties {
    primary = PRIMARY.required(primary).validated(PRIMARY);
    List<DbEndpoint> checked = new ArrayList<>();
    List<DbEndpoint> given = replicas == null ? List.of() : replicas;
    for (int i = 0; i < given.size(); i++) {
      checked.add(given.get(i).validated(REPLICAS.index(i)));
    }
    replicas = List.copyOf(checked);
    poolSize = poolSize == null ? 10 : poolSize;
    if (poolSize < 1 || poolSize > 500) {
      throw Setting.property("lazai.database.pool-size")
          .problem("must be between 1 and 500, got " + poolSize);
    }
    replicaConnectTimeout =
        replicaConnectTimeout == null ? Duration.ofSeconds(2) : replicaConnectTimeout;
    if (replicaConnectTimeout.toMillis() < 250) {
      throw Setting.property("lazai.database.replica-connect-timeout")
          .problem("must be at least 250ms (a connection pool cannot wait less)");
    }
  }
}
