package social.gm2.lazai.mint;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code mint} rows and the only writer of their state. Every move is one of {@link
 * MintTransitions}, made from the version the caller read, in one transaction with its side
 * columns, its {@code mint_transition} row and the original service's tables ({@link
 * OriginalTables}); after it commits, a {@link MintMoved} event tells whoever waits on it.
 */
public class MintStore {
  private static final MintRowMapper ROWS = new MintRowMapper();
  private static final String UNSETTLED = MintState.sql(MintState.except(MintState.SETTLED));

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final OriginalTables original;
  private final ApplicationEventPublisher events;
  private final List<MintMoveListener> listeners;

  public MintStore(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Clock clock,
      boolean legacyAttestedAtReward,
      ApplicationEventPublisher events) {
    this(jdbc, transactions, clock, legacyAttestedAtReward, events, List.of());
  }

  /**
   * @param listeners told of each move inside its transaction (the webhook outbox)
   */
  public MintStore(
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Clock clock,
      boolean legacyAttestedAtReward,
      ApplicationEventPublisher events,
      List<MintMoveListener> listeners) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.clock = clock;
    this.original = new OriginalTables(jdbc, legacyAttestedAtReward);
    this.events = events;
    this.listeners = List.copyOf(listeners);
  }

  public Optional<Mint> find(String tokenAddress) {
    return jdbc.query("SELECT * FROM mint WHERE token_address = ?", ROWS, tokenAddress).stream()
        .findFirst();
  }

  /** The mints whose current job is {@code jobId}. */
  public List<Mint> byJob(BigInteger jobId) {
    return jdbc.query("SELECT * FROM mint WHERE job_id = ?", ROWS, new BigDecimal(jobId));
  }

  /** Unsettled mints due for another run at {@code now} and not leased by a live worker. */
  public List<Mint> due(Instant now, int limit) {
    Timestamp at = Timestamp.from(now);
    return jdbc.query(
        "SELECT * FROM mint WHERE state IN "
            + UNSETTLED
            + " AND next_attempt_at <= ? AND (leased_until IS NULL OR leased_until < ?)"
            + " ORDER BY next_attempt_at LIMIT ?",
        ROWS,
        at,
        at,
        limit);
  }

  /**
   * The REWARDED and ATTESTED mints (all, or the token's), with when each was rewarded and flagged
   * overdue: what attestation tracking watches.
   */
  public List<Watched> watched(String tokenAddress) {
    return jdbc.query(
        "SELECT m.*, o.flagged_at AS overdue_at,"
            + " (SELECT MIN(t.occurred_at) FROM mint_transition t"
            + "   WHERE t.mint_id = m.id AND t.to_state = 'REWARDED') AS rewarded_at"
            + " FROM mint m LEFT JOIN mint_attestation_overdue o ON o.mint_id = m.id"
            + " WHERE m.state IN "
            + MintState.sql(MintState.MINTED)
            + (tokenAddress == null ? "" : " AND m.token_address = ?")
            + " ORDER BY m.id",
        (rs, n) ->
            new Watched(
                ROWS.mapRow(rs, n),
                instant(rs.getTimestamp("rewarded_at")),
                instant(rs.getTimestamp("overdue_at"))),
        tokenAddress == null ? new Object[0] : new Object[] {tokenAddress});
  }

  /** The oldest reward block of a REWARDED mint (one still waiting for its attestation). */
  public Optional<Long> oldestRewardedBlock() {
    return Optional.ofNullable(
        jdbc.queryForObject(
            "SELECT MIN(reward_block_number) FROM mint WHERE state = 'REWARDED'", Long.class));
  }

  /** A minted mint as attestation tracking watches it. */
  public record Watched(Mint mint, Instant rewardedAt, Instant overdueAt) {}

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  /** The largest piece of a streamed ciphertext in one row of {@code mint_payload_chunk}. */
  static final int CHUNK = 1024 * 1024;

  private void writeChunks(long mintId, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] chunk = new byte[CHUNK];
      int index = 0;
      int n;
      while ((n = in.readNBytes(chunk, 0, CHUNK)) > 0) {
        jdbc.update(
            "INSERT INTO mint_payload_chunk (mint_id, chunk_index, chunk) VALUES (?, ?, ?)",
            mintId,
            index++,
            n == CHUNK ? chunk : Arrays.copyOf(chunk, n));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the temporary ciphertext", e);
    }
  }

  /** A mint's stored ciphertext, to be read once: its length and the bytes. */
  public record Ciphertext(long length, InputStream content) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      content.close();
    }
  }

  /**
   * The ciphertext a submission stored, whole from {@code mint_payload} or, for a streamed upload,
   * chunk by chunk from {@code mint_payload_chunk} (one chunk in memory at a time).
   */
  public Ciphertext openCiphertext(long mintId) {
    Integer chunks =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM mint_payload_chunk WHERE mint_id = ?", Integer.class, mintId);
    if (chunks == null || chunks == 0) {
      byte[] whole = ciphertext(mintId);
      return new Ciphertext(whole.length, new java.io.ByteArrayInputStream(whole));
    }
    Long length =
        jdbc.queryForObject(
            "SELECT SUM(OCTET_LENGTH(chunk)) FROM mint_payload_chunk WHERE mint_id = ?",
            Long.class,
            mintId);
    Enumeration<InputStream> pieces =
        new Enumeration<>() {
          private int next;

          @Override
          public boolean hasMoreElements() {
            return next < chunks;
          }

          @Override
          public InputStream nextElement() {
            if (next >= chunks) {
              throw new NoSuchElementException();
            }
            byte[] chunk =
                jdbc.queryForObject(
                    "SELECT chunk FROM mint_payload_chunk WHERE mint_id = ? AND chunk_index = ?",
                    byte[].class,
                    mintId,
                    next++);
            return new java.io.ByteArrayInputStream(chunk);
          }
        };
    return new Ciphertext(length == null ? 0 : length, new SequenceInputStream(pieces));
  }

  public byte[] ciphertext(long mintId) {
    return jdbc.queryForObject(
        "SELECT ciphertext FROM mint_payload WHERE mint_id = ?", byte[].class, mintId);
  }

  /** The transitions of the mint, oldest first, as the states they reached. */
  public List<MintState> transitions(long mintId) {
    return jdbc
        .queryForList(
            "SELECT to_state FROM mint_transition WHERE mint_id = ? ORDER BY id",
            String.class,
            mintId)
        .stream()
        .map(MintState::valueOf)
        .toList();
  }

  /**
   * Takes (or renews) the mint's lease for {@code owner} until {@code until}: only one worker runs
   * a mint's steps at a time, and a crashed worker's lease runs out. False if another holds it.
   */
  public boolean lease(long mintId, String owner, Instant now, Instant until) {
    return jdbc.update(
            "UPDATE mint SET lease_owner = ?, leased_until = ? WHERE id = ?"
                + " AND (leased_until IS NULL OR leased_until < ? OR lease_owner = ?)",
            owner,
            Timestamp.from(until),
            mintId,
            Timestamp.from(now),
            owner)
        == 1;
  }

  /** Extends the leases {@code owner} holds on {@code mintIds}; how many it still held. */
  public int renew(String owner, Collection<Long> mintIds, Instant until) {
    if (mintIds.isEmpty()) {
      return 0;
    }
    List<Object> args = new ArrayList<>(List.of(Timestamp.from(until), owner));
    args.addAll(mintIds);
    return jdbc.update(
        "UPDATE mint SET leased_until = ? WHERE lease_owner = ? AND id IN ("
            + String.join(",", Collections.nCopies(mintIds.size(), "?"))
            + ")",
        args.toArray());
  }

  public void release(long mintId, String owner) {
    jdbc.update(
        "UPDATE mint SET lease_owner = NULL, leased_until = NULL WHERE id = ? AND lease_owner = ?",
        mintId,
        owner);
  }

  /**
   * Stores a new, already encrypted mint with its ciphertext and the moves to ACCEPTED and
   * ENCRYPTED, in one transaction; fails with a duplicate-key error if the token has a mint.
   */
  public Mint create(NewMint mint) {
    return create(mint, null);
  }

  /**
   * As {@link #create(NewMint)} with the ciphertext in a file (the mint's {@code ciphertext} is
   * empty), stored in chunks of {@value #CHUNK} bytes: no statement carries more than that (well
   * under MariaDB's {@code max_allowed_packet}) and no read holds the whole ciphertext.
   */
  public Mint create(NewMint mint, Path ciphertextFile) {
    Mint created =
        transactions.execute(
            status -> {
              jdbc.update(
                  "INSERT INTO mint (token_address, file_name, plaintext_size, state, seed,"
                      + " next_attempt_at) VALUES (?, ?, ?, 'ACCEPTED', ?, ?)",
                  mint.tokenAddress(),
                  mint.fileName(),
                  mint.plaintextSize(),
                  mint.seed(),
                  Timestamp.from(mint.sweepAfter()));
              Mint accepted = find(mint.tokenAddress()).orElseThrow();
              transition(accepted.id(), null, MintState.ACCEPTED, "submitted");
              jdbc.update(
                  "INSERT INTO mint_payload (mint_id, ciphertext, sha256) VALUES (?, ?, ?)",
                  accepted.id(),
                  mint.ciphertext(),
                  mint.ciphertextSha256());
              if (ciphertextFile != null) {
                writeChunks(accepted.id(), ciphertextFile);
              }
              return write(accepted, MintState.ENCRYPTED, "encrypted", Columns.none());
            });
    events.publishEvent(new MintMoved(created, MintState.ACCEPTED));
    return created;
  }

  /**
   * Adopts a token the original service minted: a new mint, REWARDED (ATTESTED when the original
   * recorded an attestation) with the original's columns and {@code imported_at}, and its one
   * transition, in one transaction. The original's tables are not touched and no webhook is queued:
   * nothing happened on chain. Fails with a duplicate-key error if the token has a mint.
   */
  public Mint imported(Imported row) {
    MintState to = row.attestationTxHash() == null ? MintState.REWARDED : MintState.ATTESTED;
    String reason = MintTransitions.reason(null, to);
    Mint created =
        transactions.execute(
            status -> {
              jdbc.update(
                  "INSERT INTO mint (token_address, file_name, state, file_id, job_id,"
                      + " reward_tx_hash, reward_block_number, attestator, attestation_tx_hash,"
                      + " attestation_block_number, imported_at)"
                      + " VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  row.tokenAddress(),
                  to.name(),
                  row.fileId() == null ? null : new BigDecimal(row.fileId()),
                  row.jobId() == null ? null : new BigDecimal(row.jobId()),
                  row.rewardTxHash(),
                  row.rewardBlockNumber(),
                  to == MintState.ATTESTED ? row.attestator() : null,
                  row.attestationTxHash(),
                  to == MintState.ATTESTED ? row.attestationBlockNumber() : null,
                  Timestamp.from(clock.instant()));
              Mint m = find(row.tokenAddress()).orElseThrow();
              transition(m.id(), null, to, reason + " (LazAIMintDAT id " + row.legacyId() + ")");
              return m;
            });
    events.publishEvent(new MintMoved(created, null));
    return created;
  }

  /**
   * A {@code LazAIMintDAT} row of the original service, as a mint takes it over.
   *
   * @param tokenAddress lower-case
   * @param attestationTxHash the original's {@code attestatorHash}; null: not attested
   */
  public record Imported(
      long legacyId,
      String tokenAddress,
      BigInteger fileId,
      BigInteger jobId,
      String rewardTxHash,
      Long rewardBlockNumber,
      String attestator,
      String attestationTxHash,
      Long attestationBlockNumber) {}

  public Mint uploaded(Mint m, String cid, String url) {
    return move(m, MintState.UPLOADED, "cid " + cid, Columns.of("cid", cid).and("url", url));
  }

  /** Registered by the service wallet (no pool to choose from). */
  public Mint registered(Mint m, BigInteger fileId, String txHash) {
    return registered(m, fileId, txHash, null);
  }

  /**
   * The file is registered by {@code wallet} (lower-case), which sends the mint's every later write
   * and receives its DAT.
   */
  public Mint registered(Mint m, BigInteger fileId, String txHash, String wallet) {
    return registered(m, fileId, txHash, wallet, null);
  }

  /**
   * As {@link #registered(Mint, BigInteger, String, String)}, with the {@code addPermissionForFile}
   * that granted the DataRegistry the file's password (null: none granted).
   */
  public Mint registered(
      Mint m, BigInteger fileId, String txHash, String wallet, String permissionTxHash) {
    return move(
        m,
        MintState.REGISTERED,
        "file "
            + fileId
            + (wallet == null ? "" : " by " + wallet)
            + (permissionTxHash == null ? "" : ", permission granted"),
        Columns.of("file_id", fileId)
            .and("register_tx_hash", txHash)
            .and("wallet", wallet)
            .and("permission_tx_hash", permissionTxHash));
  }

  /**
   * Records the file permission granted to a mint after its registration (the REST route or the
   * backfill). Not a move: the state and version stay, so a concurrent move is not disturbed; the
   * first recorded transaction stays.
   */
  public Mint permissionGranted(Mint m, String permissionTxHash) {
    jdbc.update(
        "UPDATE mint SET permission_tx_hash = ? WHERE id = ? AND permission_tx_hash IS NULL",
        permissionTxHash,
        m.id());
    return find(m.tokenAddress()).orElseThrow();
  }

  /**
   * Settled mints (REWARDED, ATTESTED) of this service whose file has no permission recorded,
   * oldest first: what the permission backfill looks at. Imported mints are left out: their file's
   * password is not known here.
   */
  public List<Mint> withoutPermission(int limit) {
    return jdbc.query(
        "SELECT * FROM mint WHERE state IN ('REWARDED', 'ATTESTED') AND permission_tx_hash IS NULL"
            + " AND file_id IS NOT NULL AND seed IS NOT NULL AND imported_at IS NULL"
            + " ORDER BY id LIMIT ?",
        ROWS,
        limit);
  }

  /**
   * A job opened for the file: the first (from REGISTERED), or another when the last one was
   * overdue (from PROOF_REQUESTED; {@code detail} says why).
   */
  public Mint proofRequested(Mint m, BigInteger jobId, String node, String txHash, String detail) {
    return move(
        m,
        MintState.PROOF_REQUESTED,
        detail + ": job " + jobId + " node " + node,
        Columns.of("job_id", jobId)
            .and("node_address", node)
            .and("proof_tx_hash", txHash)
            .and("proof_requested_at", Timestamp.from(clock.instant()))
            .and("proof_requests", m.proofRequests() + 1));
  }

  public Mint proofSubmitted(Mint m, BigInteger proofIndex) {
    return move(
        m, MintState.PROOF_SUBMITTED, "proof " + proofIndex, Columns.of("proof_index", proofIndex));
  }

  /**
   * The reward is claimed: the DAT is minted, the original's {@code LazAIMintDAT} row written, and
   * the ciphertext, no longer needed, deleted.
   */
  public Mint rewarded(Mint m, BigInteger tokenId, BigInteger amount, String txHash, long block) {
    return rewarded(m, tokenId, amount, txHash, block, null, null);
  }

  /**
   * As {@link #rewarded(Mint, BigInteger, BigInteger, String, long)}, recording who holds the DAT
   * and, when it was transferred to the treasury, the transfer.
   */
  public Mint rewarded(
      Mint m,
      BigInteger tokenId,
      BigInteger amount,
      String txHash,
      long block,
      String datOwner,
      String transferTxHash) {
    return move(
        m,
        MintState.REWARDED,
        "DAT "
            + tokenId
            + " amount "
            + amount
            + (datOwner == null ? "" : " held by " + datOwner)
            + (transferTxHash == null ? "" : " (transferred in " + transferTxHash + ")"),
        Columns.of("dat_token_id", tokenId)
            .and("dat_amount", amount)
            .and("reward_tx_hash", txHash)
            .and("reward_block_number", block)
            .and("dat_owner", datOwner)
            .and("transfer_tx_hash", transferTxHash));
  }

  /** The job's {@code JobComplete} log is verified: REWARDED → ATTESTED. */
  public Mint attested(Mint m, String attestator, String txHash, long block) {
    return move(
        m,
        MintState.ATTESTED,
        "attested by " + attestator + " tx " + txHash + " block " + block,
        Columns.of("attestator", attestator)
            .and("attestation_tx_hash", txHash)
            .and("attestation_block_number", block));
  }

  /** The attestation the mint recorded is gone: ATTESTED → REWARDED. */
  public Mint revoked(Mint m, String reason) {
    return move(
        m,
        MintState.REWARDED,
        "revoked: " + reason,
        Columns.of("attestator", null)
            .and("attestation_tx_hash", null)
            .and("attestation_block_number", null));
  }

  /** A permanent failure: the mint stops as FAILED with the reason. */
  public Mint failed(Mint m, String reason) {
    return move(
        m,
        MintState.FAILED,
        reason,
        Columns.of("attempts", m.attempts() + 1).and("last_error", bounded(reason)));
  }

  /**
   * A failure that may pass: the state stays, the mint is due again at {@code nextAttempt}. Not a
   * move, so no transition row; checked against the version read like one.
   */
  public Mint postponed(Mint m, String reason, Instant nextAttempt) {
    int updated =
        jdbc.update(
            "UPDATE mint SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,"
                + " version = version + 1 WHERE id = ? AND version = ?",
            bounded(reason),
            Timestamp.from(nextAttempt),
            m.id(),
            m.version());
    if (updated == 0) {
      throw stale(m, m.state());
    }
    return find(m.tokenAddress()).orElseThrow();
  }

  /**
   * A FAILED mint back in the state it failed in, due at once; a job it was waiting for gets a new
   * deadline.
   */
  public Mint retried(Mint m) {
    MintState back =
        MintState.valueOf(
            jdbc.queryForObject(
                "SELECT from_state FROM mint_transition WHERE mint_id = ? AND to_state = 'FAILED'"
                    + " ORDER BY id DESC LIMIT 1",
                String.class,
                m.id()));
    Timestamp now = Timestamp.from(clock.instant());
    Columns columns = Columns.of("last_error", null).and("next_attempt_at", now);
    if (back == MintState.PROOF_REQUESTED) {
      columns = columns.and("proof_requested_at", now);
    }
    return move(m, back, "retried", columns);
  }

  /** Flags a REWARDED mint as overdue for its attestation; whether this call flagged it. */
  public boolean flagOverdue(long mintId) {
    return jdbc.update(
            "INSERT IGNORE INTO mint_attestation_overdue (mint_id, flagged_at) VALUES (?, ?)",
            mintId,
            Timestamp.from(clock.instant()))
        == 1;
  }

  private Mint move(Mint m, MintState to, String detail, Columns columns) {
    Mint moved = transactions.execute(status -> write(m, to, detail, columns));
    events.publishEvent(new MintMoved(moved, m.state()));
    return moved;
  }

  /** The move's writes, inside the caller's transaction. */
  private Mint write(Mint m, MintState to, String detail, Columns columns) {
    MintTransitions.reason(m.state(), to);
    List<Object> args = new ArrayList<>(columns.values());
    args.add(to.name());
    args.add(m.id());
    args.add(m.version());
    int updated =
        jdbc.update(
            "UPDATE mint SET "
                + columns.assignments()
                + "state = ?, version = version + 1 WHERE id = ? AND version = ?",
            args.toArray());
    if (updated == 0) {
      throw stale(m, to);
    }
    transition(m.id(), m.state(), to, detail);
    Mint moved = find(m.tokenAddress()).orElseThrow();
    original.follow(m.state(), moved);
    listeners.forEach(listener -> listener.moved(m.state(), moved));
    return moved;
  }

  private void transition(long mintId, MintState from, MintState to, String detail) {
    jdbc.update(
        "INSERT INTO mint_transition (mint_id, from_state, to_state, occurred_at, detail)"
            + " VALUES (?, ?, ?, ?, ?)",
        mintId,
        from == null ? null : from.name(),
        to.name(),
        Timestamp.from(clock.instant()),
        bounded(detail));
  }

  private static OptimisticLockingFailureException stale(Mint m, MintState to) {
    return new OptimisticLockingFailureException(
        "mint token=" + m.tokenAddress() + " moved on while " + to + " was being recorded");
  }

  private static String bounded(String text) {
    return text == null || text.length() <= 1000 ? text : text.substring(0, 997) + "...";
  }

  /** A validated, encrypted submission; the sweeper runs it after {@code sweepAfter}. */
  public record NewMint(
      String tokenAddress,
      String fileName,
      long plaintextSize,
      String seed,
      byte[] ciphertext,
      String ciphertextSha256,
      Instant sweepAfter) {}

  /** The side columns of a move, in order. */
  private record Columns(List<String> names, List<Object> values) {
    static Columns none() {
      return new Columns(List.of(), List.of());
    }

    static Columns of(String name, Object value) {
      return none().and(name, value);
    }

    Columns and(String name, Object value) {
      List<String> n = new ArrayList<>(names);
      List<Object> v = new ArrayList<>(values);
      n.add(name);
      v.add(value instanceof BigInteger b ? new BigDecimal(b) : value);
      return new Columns(n, v);
    }

    String assignments() {
      StringBuilder sql = new StringBuilder();
      names.forEach(name -> sql.append(name).append(" = ?, "));
      return sql.toString();
    }
  }
}
