package social.gm2.lazai;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.support.TestServices;

/**
 * Pointed at a database the original Node service has been using — its tables and rows, no Flyway
 * history — the service keeps every row and adds only its own tables.
 */
@SpringBootTest
class OriginalDatabaseIT {
  private static final String DATABASE = TestServices.createDatabase();
  private static final String TOKEN = "0x1111111111111111111111111111111111111111";

  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void originalDatabase(DynamicPropertyRegistry registry) throws SQLException {
    try (Connection c = TestServices.connect(DATABASE);
        Statement s = c.createStatement()) {
      // The original's own DDL may differ from ours (here: string ids, no timestamps).
      s.execute(
          "CREATE TABLE LazAIMintDAT (id INT AUTO_INCREMENT PRIMARY KEY,"
              + " tokenAddress VARCHAR(255) NOT NULL UNIQUE, fileId VARCHAR(255),"
              + " jobId VARCHAR(255), transactionHash VARCHAR(255), blockNumber INT,"
              + " attestator VARCHAR(255), attestatorHash VARCHAR(255),"
              + " attestatorBlockNumber INT)");
      s.execute(
          "CREATE TABLE Project (projectId INT AUTO_INCREMENT PRIMARY KEY,"
              + " tokenAddress VARCHAR(255) UNIQUE, creatorAddress VARCHAR(255),"
              + " isAIAttested TINYINT(1) DEFAULT 0, name VARCHAR(255))");
      s.execute(
          "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId, transactionHash, blockNumber)"
              + " VALUES ('"
              + TOKEN
              + "', '2606', '2264', '0xabc', 12345)");
      s.execute(
          "INSERT INTO Project (tokenAddress, creatorAddress, isAIAttested, name)"
              + " VALUES ('"
              + TOKEN
              + "', '0x22', 1, 'meme')");
    }
    TestServices.register(registry, DATABASE);
  }

  @AfterAll
  static void dropDatabase() {
    TestServices.dropDatabase(DATABASE);
  }

  @Test
  void keepsTheOriginalRowsAndAddsItsOwnTables() {
    assertThat(jdbc.queryForMap("SELECT fileId, jobId, blockNumber FROM LazAIMintDAT"))
        .containsEntry("fileId", "2606")
        .containsEntry("jobId", "2264")
        .containsEntry("blockNumber", 12345);
    assertThat(jdbc.queryForObject("SELECT name FROM Project WHERE isAIAttested = 1", String.class))
        .isEqualTo("meme");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mint", Integer.class)).isZero();
    assertThat(
            jdbc.queryForList(
                "SELECT CONCAT(type, ':', version) FROM flyway_schema_history ORDER BY installed_rank",
                String.class))
        .startsWith("BASELINE:0", "SQL:1", "SQL:2");
  }
}
