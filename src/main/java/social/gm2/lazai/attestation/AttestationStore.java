package social.gm2.lazai.attestation;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.attestation.JobCompleteVerifier.Checked;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.JobId;

/**
 * The poller's tables (V6): cursor, checkpoints, seen logs and attestations. Every write of a range
 * or a rollback happens in one transaction that first re-checks the poller's lease fence.
 */
final class AttestationStore {
  private static final String CURSOR = "jobcomplete";
  private static final int KEPT_CHECKPOINTS = 256;

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  AttestationStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /** The cursor: where reading goes on, and where it started. */
  record Cursor(long nextBlock, long startBlock) {}

  record Checkpoint(long blockNumber, String blockHash) {}

  Cursor cursor(long startBlock) {
    jdbc.update(
        "INSERT IGNORE INTO attestation_cursor (name, next_block, start_block) VALUES (?, ?, ?)",
        CURSOR,
        startBlock,
        startBlock);
    return existingCursor().orElseThrow();
  }

  Optional<Cursor> existingCursor() {
    return jdbc
        .query(
            "SELECT next_block, start_block FROM attestation_cursor WHERE name = ?",
            (rs, n) -> new Cursor(rs.getLong(1), rs.getLong(2)),
            CURSOR)
        .stream()
        .findFirst();
  }

  /** The newest checkpoints first. */
  List<Checkpoint> checkpoints(int limit) {
    return jdbc.query(
        "SELECT block_number, block_hash FROM attestation_checkpoint"
            + " ORDER BY block_number DESC LIMIT ?",
        (rs, n) -> new Checkpoint(rs.getLong(1), rs.getString(2)),
        limit);
  }

  boolean seen(String txHash, int logIndex) {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM attestation_log WHERE tx_hash = ? AND log_index = ?",
            Integer.class,
            txHash,
            logIndex);
    return n != null && n > 0;
  }

  /**
   * Records the range {@code [from, to]} as read: its logs with their verdicts, the attestations
   * among them, the hash of block {@code to}, and the cursor after it.
   *
   * @return the attestations stored by this call (not those stored before)
   */
  List<Attestation> commitRange(
      PollerLease lease, long fence, long from, long to, String toHash, List<Checked> logs) {
    return transactions.execute(
        status -> {
          lease.require(fence);
          Cursor cursor = existingCursor().orElseThrow();
          if (cursor.nextBlock() != from) {
            throw new IllegalStateException(
                "attestation cursor moved to " + cursor.nextBlock() + " while reading " + from);
          }
          List<Attestation> stored = new ArrayList<>();
          for (Checked checked : logs) {
            if (saveLog(checked) && checked.verified() && save(checked.attestation())) {
              stored.add(checked.attestation());
            }
          }
          jdbc.update(
              "REPLACE INTO attestation_checkpoint (block_number, block_hash) VALUES (?, ?)",
              to,
              toHash);
          pruneCheckpoints();
          jdbc.update(
              "UPDATE attestation_cursor SET next_block = ? WHERE name = ?", to + 1, CURSOR);
          return stored;
        });
  }

  /**
   * A reorg replaced the blocks after {@code base}: their logs, checkpoints and attestations go,
   * and reading resumes at {@code base + 1}.
   *
   * @return the attestations deleted
   */
  List<Attestation> rollback(PollerLease lease, long fence, long base) {
    return transactions.execute(
        status -> {
          lease.require(fence);
          List<Attestation> removed =
              jdbc.query("SELECT * FROM attestation WHERE block_number > ?", this::row, base);
          jdbc.update("DELETE FROM attestation WHERE block_number > ?", base);
          jdbc.update("DELETE FROM attestation_log WHERE block_number > ?", base);
          jdbc.update("DELETE FROM attestation_checkpoint WHERE block_number > ?", base);
          jdbc.update(
              "UPDATE attestation_cursor SET next_block = LEAST(next_block, ?) WHERE name = ?",
              base + 1,
              CURSOR);
          return removed;
        });
  }

  /** Stores a log found by a targeted check; the attestation if it is new and verified. */
  Optional<Attestation> saveTargeted(Checked checked) {
    return transactions.execute(
        status ->
            saveLog(checked) && checked.verified() && save(checked.attestation())
                ? Optional.of(checked.attestation())
                : Optional.<Attestation>empty());
  }

  Optional<Attestation> find(JobId jobId) {
    return jdbc
        .query(
            "SELECT * FROM attestation WHERE job_id = ?", this::row, new BigDecimal(jobId.value()))
        .stream()
        .findFirst();
  }

  /** Whether the log is new; a log seen before (same tx hash and index) changes nothing. */
  private boolean saveLog(Checked checked) {
    var log = checked.log();
    return jdbc.update(
            "INSERT IGNORE INTO attestation_log (tx_hash, log_index, block_number, block_hash,"
                + " emitter, attestator, job_id, file_id, verdict, reason)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            log.txHash(),
            log.logIndex(),
            log.blockNumber(),
            log.blockHash(),
            log.emitter(),
            log.attestator(),
            new BigDecimal(log.jobId().value()),
            new BigDecimal(log.fileId().value()),
            checked.verified() ? "VERIFIED" : "REJECTED",
            checked.rejection().map(r -> r.length() > 500 ? r.substring(0, 500) : r).orElse(null))
        == 1;
  }

  private boolean save(Attestation a) {
    return jdbc.update(
            "INSERT IGNORE INTO attestation (job_id, file_id, attestator, tx_hash, log_index,"
                + " block_number, block_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            new BigDecimal(a.jobId().value()),
            new BigDecimal(a.fileId().value()),
            a.attestator(),
            a.txHash(),
            a.logIndex(),
            a.blockNumber(),
            a.blockHash())
        == 1;
  }

  private void pruneCheckpoints() {
    List<Long> oldestKept =
        jdbc.queryForList(
            "SELECT block_number FROM attestation_checkpoint ORDER BY block_number DESC"
                + " LIMIT 1 OFFSET ?",
            Long.class,
            KEPT_CHECKPOINTS - 1);
    if (!oldestKept.isEmpty()) {
      jdbc.update("DELETE FROM attestation_checkpoint WHERE block_number < ?", oldestKept.get(0));
    }
  }

  private Attestation row(ResultSet rs, int n) throws SQLException {
    return new Attestation(
        new JobId(rs.getBigDecimal("job_id").toBigIntegerExact()),
        new FileId(rs.getBigDecimal("file_id").toBigIntegerExact()),
        rs.getString("attestator"),
        rs.getString("tx_hash"),
        rs.getInt("log_index"),
        rs.getLong("block_number"),
        rs.getString("block_hash"));
  }
}
