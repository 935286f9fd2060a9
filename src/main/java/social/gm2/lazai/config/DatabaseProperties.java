package social.gm2.lazai.config;

import java.nio.file.Path;
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
 * @param embeddedFile instead of a primary: an H2 file database in MySQL mode at this path (without
 *     H2's {@code .mv.db} suffix), for the devnet quickstart; never for production
 */
@ConfigurationProperties("lazai.database")
public record DatabaseProperties(
    DbEndpoint primary,
    List<DbEndpoint> replicas,
    Integer poolSize,
    Duration replicaConnectTimeout,
    Path embeddedFile) {

  static final Setting PRIMARY = new Setting("MASTER_DB", "lazai.database.primary");
  static final Setting REPLICAS = new Setting("SLAVES_DB", "lazai.database.replicas");
  static final Setting EMBEDDED = Setting.property("lazai.database.embedded-file");

  public DatabaseProperties {
    if (embeddedFile == null) {
      primary = PRIMARY.required(primary).validated(PRIMARY);
    } else {
      embeddedFile = embedded(embeddedFile, primary, replicas);
    }
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

  /** The H2 file database's JDBC URL: MySQL mode, so that the same migrations and SQL run. */
  public String embeddedJdbcUrl() {
    return "jdbc:h2:file:"
        + embeddedFile
        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;IGNORECASE=TRUE"
        + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  private static Path embedded(Path file, DbEndpoint primary, List<DbEndpoint> replicas) {
    if (primary != null) {
      throw EMBEDDED.problem(
          "and MASTER_DB (lazai.database.primary) are both set: choose one database");
    }
    if (replicas != null && !replicas.isEmpty()) {
      throw EMBEDDED.problem("takes no replicas, but SLAVES_DB (lazai.database.replicas) is set");
    }
    String text = file.toString();
    if (text.isBlank() || text.contains(";") || text.endsWith(".mv.db")) {
      throw EMBEDDED.problem(
          "must be a file path without ';' and without H2's '.mv.db' suffix, got '" + text + "'");
    }
    return file.toAbsolutePath().normalize();
  }
}
