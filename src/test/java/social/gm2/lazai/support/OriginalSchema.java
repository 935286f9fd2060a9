package social.gm2.lazai.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The original Node service's tables exactly as TypeORM creates them from its entities ({@code
 * LazAIMintDAT}, {@code Project}; the original has no migrations, so this is what a running
 * installation has): {@code fileId} and {@code jobId} are {@code varchar(255) NOT NULL}, the other
 * columns nullable, and the unique index is TypeORM's {@code ux_LazAIMintDAT_tokenAddress}.
 */
public final class OriginalSchema {
  public static final String LAZAI_MINT_DAT =
      "CREATE TABLE `LazAIMintDAT` (`id` int NOT NULL AUTO_INCREMENT,"
          + " `tokenAddress` varchar(255) NOT NULL, `fileId` varchar(255) NOT NULL,"
          + " `jobId` varchar(255) NOT NULL, `transactionHash` varchar(255) NULL,"
          + " `blockNumber` int NULL, `attestator` varchar(255) NULL,"
          + " `attestatorHash` varchar(255) NULL, `attestatorBlockNumber` int NULL,"
          + " UNIQUE INDEX `ux_LazAIMintDAT_tokenAddress` (`tokenAddress`),"
          + " PRIMARY KEY (`id`)) ENGINE=InnoDB";

  /** The platform's table; the processor only ever updates {@code isAIAttested}. */
  public static final String PROJECT =
      "CREATE TABLE `Project` (`projectId` int NOT NULL AUTO_INCREMENT,"
          + " `creatorAddress` varchar(255) NOT NULL, `tokenAddress` varchar(255) NOT NULL,"
          + " `name` varchar(255) NULL, `blockNumber` bigint unsigned NOT NULL,"
          + " `blockTimestamp` int unsigned NOT NULL, `isAIAttested` tinyint NOT NULL DEFAULT 0,"
          + " `holders` int NOT NULL DEFAULT 0,"
          + " `createdAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),"
          + " `updatedAt` datetime(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)"
          + " ON UPDATE CURRENT_TIMESTAMP(6), `deletedAt` datetime(6) NULL,"
          + " UNIQUE INDEX `ux_Project__tokenAddress` (`tokenAddress`),"
          + " PRIMARY KEY (`projectId`)) ENGINE=InnoDB";

  private OriginalSchema() {}

  /** Creates both tables in {@code database}. */
  public static void create(String database) throws SQLException {
    try (Connection c = TestServices.connect(database);
        Statement s = c.createStatement()) {
      s.execute(LAZAI_MINT_DAT);
      s.execute(PROJECT);
    }
  }

  /** {@code SHOW CREATE TABLE} of both: to prove nobody changed their definitions. */
  public static Map<String, String> definitions(String database) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = TestServices.connect(database);
        Statement s = c.createStatement()) {
      for (String table : List.of("LazAIMintDAT", "Project")) {
        try (ResultSet rs = s.executeQuery("SHOW CREATE TABLE `" + table + "`")) {
          rs.next();
          // AUTO_INCREMENT=n moves with inserts; it is not part of the definition.
          out.put(table, rs.getString(2).replaceAll(" AUTO_INCREMENT=\\d+", ""));
        }
      }
    }
    return out;
  }

  /** Every {@code LazAIMintDAT} row, by id, as column → text. */
  public static List<Map<String, String>> mintRows(String database) throws SQLException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (Connection c = TestServices.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM LazAIMintDAT ORDER BY id")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
