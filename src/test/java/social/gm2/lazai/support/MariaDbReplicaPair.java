package social.gm2.lazai.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway MariaDB primary and a GTID replica of it, running as plain {@code mariadbd} processes
 * on spare loopback ports.
 *
 * <p>It exists for the replica routing integration test, which has to prove that read-only
 * transactions reach the replica and everything else reaches the primary. That needs two real
 * servers wired by real replication: an embedded or mocked database cannot show which server
 * answered, and the build machines have no Docker engine, so Testcontainers is not an option. The
 * MariaDB server package, however, is installed, so the servers are started directly from it.
 *
 * <p>Both servers run as root with an empty root password and accept TCP connections on {@link
 * #host()} only. Everything they write (data directories, logs) stays under a fresh sub-directory
 * of the {@code workDir} given to {@link #start(Path)} and is left there after {@link #close()} so
 * a failed run can be inspected.
 */
public final class MariaDbReplicaPair implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final String USERNAME = "root";
  private static final String PASSWORD = "";
  private static final String REPL_USER = "repl";
  private static final String REPL_PASSWORD = "repl-secret";

  private static final Duration INSTALL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  // The default 96 MiB redo log would be copied for the replica and written on every start; a
  // test server needs a fraction of that. Install and servers must agree on the size, or
  // InnoDB rebuilds the log on first start.
  private static final String INNODB_LOG_FILE_SIZE = "--innodb-log-file-size=8M";

  // Unix domain socket paths are limited to 108 bytes including the terminator.
  private static final int MAX_SOCKET_PATH_BYTES = 100;
  private static final int LOG_TAIL_LINES = 40;

  // MariaDB error codes meaning "the server is up but refused root over TCP".
  private static final int ER_ACCESS_DENIED_ERROR = 1045;
  private static final int ER_HOST_NOT_PRIVILEGED = 1130;
  private static final int ER_ACCESS_DENIED_NO_PASSWORD_ERROR = 1698;

  private final Path dir;
  private final Path socketDir;
  private final Server primary;
  private final Server replica;
  private final Thread shutdownHook;
  private boolean closed;

  private MariaDbReplicaPair(Path dir, Path socketDir, int primaryPort, int replicaPort) {
    this.dir = dir;
    this.socketDir = socketDir;
    this.primary = new Server("primary", 1, primaryPort, dir, socketDir);
    this.replica = new Server("replica", 2, replicaPort, dir, socketDir);
    // A test that forgets close(), or a JVM stopped by Ctrl-C, must not leave servers holding
    // ports and data directories behind.
    this.shutdownHook = new Thread(this::stopServers, "mariadb-replica-pair-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Installs, starts and wires a primary and a replica. Takes about a second on a developer
   * machine, most of it in {@code mariadb-install-db}.
   *
   * @param workDir directory (typically under {@code target/}) that receives a fresh sub-directory
   *     with the data directories and server logs; created if missing
   * @throws IllegalStateException if a server does not come up or replication does not start; the
   *     message includes the relevant log tail
   */
  public static MariaDbReplicaPair start(Path workDir) throws IOException {
    Files.createDirectories(workDir);
    // A fresh directory per pair, so reruns and parallel test classes never share a datadir.
    Path dir = Files.createTempDirectory(workDir.toAbsolutePath(), "mariadb-pair-");
    Path socketDir = dir;
    if (dir.resolve("replica.sock").toString().getBytes(StandardCharsets.UTF_8).length
        > MAX_SOCKET_PATH_BYTES) {
      socketDir = Files.createTempDirectory("mariadb-sock-");
    }
    int[] ports = freePorts(2);
    MariaDbReplicaPair pair = new MariaDbReplicaPair(dir, socketDir, ports[0], ports[1]);
    try {
      pair.startServers();
      return pair;
    } catch (IOException | RuntimeException | Error e) {
      pair.close();
      throw e;
    }
  }

  public String host() {
    return HOST;
  }

  public int primaryPort() {
    return primary.port;
  }

  public int replicaPort() {
    return replica.port;
  }

  public String username() {
    return USERNAME;
  }

  public String password() {
    return PASSWORD;
  }

  /**
   * Creates a database on the primary and waits until the replica has it too, so the caller can
   * point connection pools at both servers straight away.
   */
  public void createDatabase(String name) throws SQLException {
    try (Connection connection = primary.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS " + quoteIdentifier(name));
    }
    awaitReplicaCaughtUp(STARTUP_TIMEOUT);
  }

  /**
   * Waits until the replica has applied every transaction the primary has written so far.
   *
   * @throws IllegalStateException if it has not within {@code timeout}, or replication stopped
   */
  public void awaitReplicaCaughtUp(Duration timeout) throws SQLException {
    Instant deadline = Instant.now().plus(timeout);
    String target;
    try (Connection connection = primary.connect()) {
      target = queryString(connection, "SELECT @@gtid_binlog_pos");
    }
    try (Connection connection = replica.connect()) {
      while (true) {
        String applied = queryString(connection, "SELECT @@gtid_slave_pos");
        if (gtidPositionReached(applied, target)) {
          return;
        }
        ReplicaStatus status = ReplicaStatus.read(connection);
        if (status.sqlError() != null || Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "Replica did not catch up with the primary within "
                  + timeout
                  + ": primary gtid_binlog_pos="
                  + target
                  + ", replica gtid_slave_pos="
                  + applied
                  + ", "
                  + status
                  + replica.logTail());
        }
        sleep(POLL_INTERVAL);
      }
    }
  }

  /**
   * Shuts the replica server down (the primary keeps running), so a test can check what happens to
   * reads when the replica is unreachable.
   */
  public void killReplicaServer() {
    replica.stop();
  }

  /** Stops both servers. The work directory is kept for inspection. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopServers();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shutdownAlreadyInProgress) {
      // The hook is running or about to run; stopping twice is harmless.
    }
    if (!socketDir.equals(dir)) {
      try {
        Files.deleteIfExists(socketDir);
      } catch (IOException ignored) {
        // Only a stray socket file is left behind in the temp directory; not worth failing for.
      }
    }
  }

  private void startServers() throws IOException {
    Path template = dir.resolve("primary-data");
    install(template);
    copyDataDirectory(template, replica.dataDir);

    primary.launch(List.of("--log-bin=primary-bin", "--binlog-format=ROW"));
    // read_only is what a production replica has; replication and SUPER users bypass it.
    replica.launch(List.of("--read-only", "--relay-log=replica-relay-bin"));
    primary.awaitReady();
    replica.awaitReady();

    try {
      startReplication();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not set up replication: " + e + primary.logTail() + replica.logTail(), e);
    }
  }

  private void install(Path dataDir) throws IOException {
    Path log = dir.resolve("install.log");
    List<String> command =
        List.of(
            findExecutable("mariadb-install-db", "/usr/bin/mariadb-install-db"),
            // The machine's /etc/mysql config points at the system server's datadir and port.
            "--no-defaults",
            "--user=root",
            "--datadir=" + dataDir,
            // A password-less root reachable over TCP; the default (unix_socket) would lock
            // JDBC out.
            "--auth-root-authentication-method=normal",
            // Grants for 127.0.0.1 rather than this machine's host name, which the servers
            // would only warn about under --skip-name-resolve.
            "--skip-name-resolve",
            "--skip-test-db",
            INNODB_LOG_FILE_SIZE);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exitCode = waitForExit(process, INSTALL_TIMEOUT);
    if (exitCode != 0) {
      throw new IllegalStateException(
          "mariadb-install-db failed with exit code "
              + exitCode
              + " (-1 means timed out); see "
              + log
              + tail(log));
    }
  }

  // Copying the freshly installed datadir is several times faster than a second install.
  private static void copyDataDirectory(Path source, Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (path.getFileName().toString().equals("ibtmp1")) {
          continue; // InnoDB recreates its temporary tablespace on every start.
        }
        Path copy = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private void startReplication() throws SQLException {
    try (Connection connection = primary.connect();
        Statement statement = connection.createStatement()) {
      // Kept out of the binlog so the primary's GTID position starts empty and the replica
      // has nothing to replay but what the test itself writes.
      statement.execute("SET sql_log_bin = 0");
      statement.execute(
          "CREATE USER '" + REPL_USER + "'@'" + HOST + "' IDENTIFIED BY '" + REPL_PASSWORD + "'");
      statement.execute("GRANT REPLICATION SLAVE ON *.* TO '" + REPL_USER + "'@'" + HOST + "'");
    }
    try (Connection connection = replica.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CHANGE MASTER TO MASTER_HOST='"
              + HOST
              + "', MASTER_PORT="
              + primary.port
              + ", MASTER_USER='"
              + REPL_USER
              + "', MASTER_PASSWORD='"
              + REPL_PASSWORD
              + "', MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1");
      statement.execute("START SLAVE");

      Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
      while (true) {
        ReplicaStatus status = ReplicaStatus.read(connection);
        if (status.running()) {
          return;
        }
        // The IO thread passes through "Connecting" and retries failed connections every
        // MASTER_CONNECT_RETRY second, so only the deadline ends that wait; an SQL thread error
        // will not heal by waiting.
        if (status.sqlError() != null || Instant.now().isAfter(deadline)) {
          throw new IllegalStateException(
              "Replication did not start: " + status + replica.logTail() + primary.logTail());
        }
        sleep(POLL_INTERVAL);
      }
    }
  }

  private void stopServers() {
    // Replica first, so it does not log connection errors about the vanished primary.
    replica.stop();
    primary.stop();
  }

  /** Compares GTID positions per replication domain; the string forms may order them freely. */
  private static boolean gtidPositionReached(String applied, String target) {
    Map<String, Long> appliedByDomain = parseGtidPosition(applied);
    for (Map.Entry<String, Long> entry : parseGtidPosition(target).entrySet()) {
      Long seqNo = appliedByDomain.get(entry.getKey());
      if (seqNo == null || seqNo < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  // "0-1-42,1-7-3" -> {0=42, 1=3}: domain -> sequence number; the server id part is irrelevant.
  private static Map<String, Long> parseGtidPosition(String position) {
    Map<String, Long> byDomain = new HashMap<>();
    if (position == null || position.isBlank()) {
      return byDomain;
    }
    for (String gtid : position.split(",")) {
      String[] parts = gtid.trim().split("-");
      byDomain.put(parts[0], Long.parseLong(parts[2]));
    }
    return byDomain;
  }

  private static int[] freePorts(int count) throws IOException {
    // Hold all sockets open until every port is chosen, so the OS cannot hand out one twice.
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  // Surefire's PATH may lack /usr/sbin, where Debian puts mariadbd.
  private static String findExecutable(String name, String fallback) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, name))) {
          return Path.of(entry, name).toString();
        }
      }
    }
    if (Files.isExecutable(Path.of(fallback))) {
      return fallback;
    }
    throw new IllegalStateException(
        name + " not found on PATH or at " + fallback + "; is the MariaDB server installed?");
  }

  /** Returns the exit code, or -1 after killing the process (and its children) on timeout. */
  private static int waitForExit(Process process, Duration timeout) {
    try {
      if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return process.exitValue();
      }
      // mariadb-install-db runs a bootstrap mariadbd as its child; killing only the script
      // would orphan it.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return -1;
    } catch (InterruptedException e) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for " + process.info(), e);
    }
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      resultSet.next();
      return resultSet.getString(1);
    }
  }

  private static String quoteIdentifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for MariaDB", e);
    }
  }

  private static String tail(Path log) {
    try {
      // ISO-8859-1 never fails to decode, whatever a crashing server wrote.
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
      return "\n--- last " + tail.size() + " lines of " + log + " ---\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "\n(could not read " + log + ": " + e + ")";
    }
  }

  private record ReplicaStatus(
      String ioRunning, String sqlRunning, String ioError, String sqlError) {

    static ReplicaStatus read(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement();
          ResultSet resultSet = statement.executeQuery("SHOW SLAVE STATUS")) {
        if (!resultSet.next()) {
          return new ReplicaStatus("(not configured)", "(not configured)", null, null);
        }
        return new ReplicaStatus(
            resultSet.getString("Slave_IO_Running"),
            resultSet.getString("Slave_SQL_Running"),
            emptyToNull(resultSet.getString("Last_IO_Error")),
            emptyToNull(resultSet.getString("Last_SQL_Error")));
      }
    }

    boolean running() {
      return "Yes".equals(ioRunning) && "Yes".equals(sqlRunning);
    }

    private static String emptyToNull(String value) {
      return value == null || value.isEmpty() ? null : value;
    }
  }

  /** One mariadbd process and the files it owns. */
  private static final class Server {
    private final String name;
    private final int serverId;
    private final int port;
    private final Path dataDir;
    private final Path socket;
    private final Path log;
    private final Path pidFile;
    // Read by the shutdown hook thread.
    private volatile Process process;

    Server(String name, int serverId, int port, Path dir, Path socketDir) {
      this.name = name;
      this.serverId = serverId;
      this.port = port;
      this.dataDir = dir.resolve(name + "-data");
      this.socket = socketDir.resolve(name + ".sock");
      this.log = dir.resolve(name + ".log");
      this.pidFile = dir.resolve(name + ".pid");
    }

    void launch(List<String> roleOptions) throws IOException {
      List<String> command =
          new ArrayList<>(
              List.of(
                  findExecutable("mariadbd", "/usr/sbin/mariadbd"),
                  // Must come first; keeps /etc/mysql (system server's port and datadir) out.
                  "--no-defaults",
                  "--user=root",
                  "--datadir=" + dataDir,
                  "--socket=" + socket,
                  "--pid-file=" + pidFile,
                  "--port=" + port,
                  "--bind-address=" + HOST,
                  "--skip-networking=0",
                  // Connections from 127.0.0.1 then match root@127.0.0.1 without a reverse
                  // DNS lookup that can stall on machines with odd resolver setups.
                  "--skip-name-resolve",
                  "--server-id=" + serverId,
                  INNODB_LOG_FILE_SIZE));
      command.addAll(roleOptions);
      // Without --log-error, mariadbd writes its error log to stderr, which lands here.
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    }

    void awaitReady() {
      Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
      boolean rootFixed = false;
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "MariaDB " + name + " exited with code " + process.exitValue() + logTail());
        }
        try {
          connect().close();
          return;
        } catch (SQLException e) {
          if (isAccessDenied(e) && !rootFixed) {
            // Installs that ignore --auth-root-authentication-method=normal leave root with
            // unix_socket auth only.
            allowPasswordlessRootOverTcp();
            rootFixed = true;
            continue;
          }
          if (isAccessDenied(e) || Instant.now().isAfter(deadline)) {
            throw new IllegalStateException(
                "MariaDB "
                    + name
                    + " did not accept connections on port "
                    + port
                    + ": "
                    + e
                    + logTail(),
                e);
          }
        }
        sleep(POLL_INTERVAL);
      }
    }

    private static boolean isAccessDenied(SQLException e) {
      return e.getErrorCode() == ER_ACCESS_DENIED_ERROR
          || e.getErrorCode() == ER_HOST_NOT_PRIVILEGED
          || e.getErrorCode() == ER_ACCESS_DENIED_NO_PASSWORD_ERROR;
    }

    private void allowPasswordlessRootOverTcp() {
      // Runs on each server before replication is wired, and stays out of the binlog, so the
      // two copies of the user table never disagree in a way replication would trip over.
      String sql =
          """
          SET sql_log_bin = 0;
          ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
          CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
          ALTER USER 'root'@'127.0.0.1' IDENTIFIED VIA mysql_native_password USING PASSWORD('');
          GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
          """;
      Path cliLog = log.resolveSibling(name + "-fix-root.log");
      List<String> command =
          List.of(
              findExecutable("mariadb", "/usr/bin/mariadb"),
              "--no-defaults",
              "--protocol=socket",
              "--socket=" + socket,
              "--user=root",
              "--execute=" + sql);
      try {
        Process cli =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(cliLog.toFile())
                .start();
        int exitCode = waitForExit(cli, STARTUP_TIMEOUT);
        if (exitCode != 0) {
          throw new IllegalStateException(
              "Could not enable root over TCP on MariaDB " + name + tail(cliLog) + logTail());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Connection connect() throws SQLException {
      Properties properties = new Properties();
      properties.setProperty("user", USERNAME);
      properties.setProperty("password", PASSWORD);
      properties.setProperty("connectTimeout", "2000");
      return DriverManager.getConnection("jdbc:mariadb://" + HOST + ":" + port + "/", properties);
    }

    void stop() {
      Process running = process;
      if (running == null || !running.isAlive()) {
        return;
      }
      try {
        // SIGTERM makes mariadbd shut down cleanly; it does not fork, so there is no process
        // tree to chase.
        running.destroy();
        if (!running.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          running.destroyForcibly();
          running.waitFor(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        running.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }

    String logTail() {
      return tail(log);
    }
  }
}
