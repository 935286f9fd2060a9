package social.gm2.lazai.mint;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Adopts the tokens the original Node service minted. A {@code LazAIMintDAT} row means "minted"
 * (the original wrote it after {@code requestReward} and returned early on it), so a token with a
 * row and no mint gets one built from the row ({@link MintStore#imported}): REWARDED, or ATTESTED
 * when the row has an {@code attestatorHash}. The row itself is only read. Tokens match
 * case-insensitively, as the original stored whatever case its producer sent.
 *
 * <p>Runs once at startup (before the queue workers and the attestation poller), for one token
 * whenever a mint is submitted for it, and with every attestation backfill (rows the original wrote
 * while both ran).
 */
public final class LegacyMints implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(LegacyMints.class);
  private static final int BATCH = 500;
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
  private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-fA-F]{64}");
  private static final String COLUMNS =
      "SELECT id, tokenAddress, fileId, jobId, transactionHash, blockNumber, attestator,"
          + " attestatorHash, attestatorBlockNumber FROM LazAIMintDAT ";

  private final JdbcTemplate jdbc;
  private final MintStore store;
  private volatile boolean running;

  /** The highest row id a full pass of this instance read: later passes start after it. */
  private volatile long readThrough;

  public LegacyMints(JdbcTemplate jdbc, MintStore store) {
    this.jdbc = jdbc;
    this.store = store;
  }

  /** Imports every row that has no mint yet; how many mints it created. */
  public int importAll() {
    int created = 0;
    long after = 0;
    while (true) {
      List<Row> rows =
          jdbc.query(COLUMNS + "WHERE id > ? ORDER BY id LIMIT ?", Row::of, after, BATCH);
      if (rows.isEmpty()) {
        return created;
      }
      after = rows.get(rows.size() - 1).id();
      Set<String> minted = minted(rows);
      for (Row row : rows) {
        if (row.token() != null && !minted.contains(row.token()) && adopt(row).isPresent()) {
          created++;
        }
      }
    }
  }

  /** The token's mint adopted from its {@code LazAIMintDAT} row, if it has one (any case). */
  public Optional<Mint> importToken(String tokenAddress) {
    String token = tokenAddress.toLowerCase(Locale.ROOT);
    List<Row> rows =
        jdbc.query(COLUMNS + "WHERE LOWER(tokenAddress) = ? ORDER BY id LIMIT 1", Row::of, token);
    if (rows.isEmpty() || rows.get(0).token() == null) {
      return Optional.empty();
    }
    return store.find(token).or(() -> adopt(rows.get(0)));
  }

  private Set<String> minted(List<Row> rows) {
    List<String> tokens = rows.stream().map(Row::token).filter(Objects::nonNull).toList();
    if (tokens.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        jdbc.queryForList(
            "SELECT token_address FROM mint WHERE token_address IN ("
                + String.join(",", Collections.nCopies(tokens.size(), "?"))
                + ")",
            String.class,
            tokens.toArray()));
  }

  private Optional<Mint> adopt(Row row) {
    try {
      Mint m = store.imported(row.imported());
      log.info(
          "mint token={} state={} imported from LazAIMintDAT id={} file={} job={} block={}",
          m.tokenAddress(),
          m.state(),
          row.id(),
          m.fileId(),
          m.jobId(),
          m.rewardBlockNumber());
      return Optional.of(m);
    } catch (DuplicateKeyException e) {
      // Another instance (or a submission) adopted it first: that mint is the answer.
      return store.find(row.token());
    }
  }

  /** A {@code LazAIMintDAT} row; {@code token} null when its address is not one. */
  private record Row(
      long id,
      String token,
      String fileId,
      String jobId,
      String transactionHash,
      Long blockNumber,
      String attestator,
      String attestatorHash,
      Long attestatorBlockNumber) {

    static Row of(ResultSet rs, int n) throws SQLException {
      long id = rs.getLong("id");
      String raw = rs.getString("tokenAddress");
      String token = raw == null ? null : raw.strip().toLowerCase(Locale.ROOT);
      if (token != null && !ADDRESS.matcher(token).matches()) {
        log.warn("LazAIMintDAT id={} has no valid token address: not imported", id);
        token = null;
      }
      return new Row(
          id,
          token,
          rs.getString("fileId"),
          rs.getString("jobId"),
          rs.getString("transactionHash"),
          number(rs, "blockNumber"),
          rs.getString("attestator"),
          rs.getString("attestatorHash"),
          number(rs, "attestatorBlockNumber"));
    }

    private static Long number(ResultSet rs, String column) throws SQLException {
      Object value = rs.getObject(column);
      return value == null ? null : Long.valueOf(value.toString().strip());
    }

    MintStore.Imported imported() {
      String hash = checked("attestatorHash", attestatorHash, TX_HASH);
      return new MintStore.Imported(
          id,
          token,
          id("fileId", fileId),
          id("jobId", jobId),
          checked("transactionHash", transactionHash, TX_HASH),
          blockNumber,
          hash == null ? null : checked("attestator", attestator, ADDRESS),
          hash,
          hash == null ? null : attestatorBlockNumber);
    }

    /** A decimal id, or null (logged) when the column holds something else. */
    private BigInteger id(String column, String text) {
      if (blank(text)) {
        return null;
      }
      try {
        BigInteger value = new BigInteger(text.strip());
        if (value.signum() >= 0 && value.bitLength() <= 64) {
          return value;
        }
      } catch (NumberFormatException e) {
        // logged below
      }
      log.warn("LazAIMintDAT id={} {} is not a 64-bit id: imported without it", id, column);
      return null;
    }

    private String checked(String column, String text, Pattern format) {
      if (blank(text)) {
        return null;
      }
      String value = text.strip();
      String normal = format == ADDRESS ? value.toLowerCase(Locale.ROOT) : value;
      if (format.matcher(normal).matches()) {
        return normal;
      }
      // A malformed attestatorHash leaves the mint REWARDED: verified tracking attests it.
      log.warn("LazAIMintDAT id={} {} is malformed: imported without it", id, column);
      return null;
    }

    private static boolean blank(String text) {
      return text == null || text.isBlank();
    }
  }

  // ------------------------------------------------------------------------------ at startup

  @Override
  public void start() {
    try {
      int created = importAll();
      log.info("LazAIMintDAT: {} tokens minted by the original service imported as mints", created);
    } catch (RuntimeException e) {
      log.warn(
          "LazAIMintDAT import at startup failed (submissions still import their token, the"
              + " backfill tries again): {}",
          e.toString());
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Before the queue workers, the runner's sweep and the attestation poller. */
  @Override
  public int getPhase() {
    return DEFAULT_PHASE - 1000;
  }
}
