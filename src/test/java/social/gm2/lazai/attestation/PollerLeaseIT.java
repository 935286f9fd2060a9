package social.gm2.lazai.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.attestation.PollerLease.LeaseLostException;
import social.gm2.lazai.support.MovableClock;
import social.gm2.lazai.support.TestServices;

/** Two instances' leases on one real MariaDB, with a clock the test moves. */
class PollerLeaseIT {
  private static String database;
  private static HikariDataSource dataSource;
  private final MovableClock clock = new MovableClock();

  @BeforeAll
  static void start() {
    database = TestServices.createDatabase();
    dataSource = TestServices.migratedDataSource(database);
  }

  @AfterAll
  static void stop() {
    dataSource.close();
    TestServices.dropDatabase(database);
  }

  @Test
  void oneInstancePollsAtATimeAndAnExpiredHolderCannotWriteAfterATakeover() {
    var jdbc = new JdbcTemplate(dataSource);
    var transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    var store = new AttestationStore(jdbc, transactions);
    PollerLease a = lease("instance-a");
    PollerLease b = lease("instance-b");

    long fenceA = a.acquire().orElseThrow();
    assertThat(b.acquire()).as("held by a").isEmpty();
    assertThat(a.acquire()).as("a renews with the same fence").contains(fenceA);
    store.cursor(10);
    store.commitRange(a, fenceA, 10, 19, "0x" + "a".repeat(64), List.of());

    clock.advance(Duration.ofSeconds(31));
    long fenceB = b.acquire().orElseThrow();
    assertThat(fenceB).isGreaterThan(fenceA);
    assertThat(a.acquire()).as("b holds it now").isEmpty();
    assertThatThrownBy(() -> store.commitRange(a, fenceA, 20, 29, "0x" + "b".repeat(64), List.of()))
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("instance-a lost its lease");
    assertThat(store.existingCursor().orElseThrow().nextBlock()).isEqualTo(20);

    store.commitRange(b, fenceB, 20, 29, "0x" + "b".repeat(64), List.of());
    assertThat(store.existingCursor().orElseThrow().nextBlock()).isEqualTo(30);
    b.release();
    assertThat(a.acquire()).as("released: a may take it at once").isPresent();
  }

  private PollerLease lease(String owner) {
    return new PollerLease(
        new JdbcTemplate(dataSource),
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
        clock,
        owner,
        Duration.ofSeconds(30));
  }
}
