package social.gm2.lazai.config;

/**
 * Where one MySQL/MariaDB server is: the shape of the original service's {@code MASTER_DB} and of
 * each element of {@code SLAVES_DB}. Checked by {@link #validated(Setting)} because only the
 * enclosing {@link DatabaseProperties} knows which variable it came from.
 */
public record DbEndpoint(
    String host, Integer port, String username, Secret password, String database) {

  static final int DEFAULT_PORT = 3306;

  DbEndpoint validated(Setting at) {
    return new DbEndpoint(
        at.child("host", "host").host(host),
        at.child("port", "port").port(port, DEFAULT_PORT),
        at.child("username", "username").requiredText(username),
        password == null ? Secret.valueOf("") : password,
        at.child("database", "database").identifier(database));
  }

  /** The JDBC URL, which never carries the password. */
  public String jdbcUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:mariadb://" + h + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return username + "@" + host + ":" + port + "/" + database;
  }
}
