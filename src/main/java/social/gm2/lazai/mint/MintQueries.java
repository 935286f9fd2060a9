package social.gm2.lazai.mint;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.chain.TransactionCosts;

/**
 * The read side of the mints for the API and the dashboard. Every query runs in a read-only
 * transaction, so it goes to a read replica when there is one: operators and badge clients reading
 * never load the primary the pipeline writes to.
 */
public final class MintQueries {
  private static final MintRowMapper ROWS = new MintRowMapper();
  private static final String SELECT =
      "SELECT m.*, o.flagged_at AS overdue_at,"
          + " (SELECT MIN(t.occurred_at) FROM mint_transition t"
          + "   WHERE t.mint_id = m.id AND t.to_state = 'REWARDED') AS rewarded_at"
          + " FROM mint m LEFT JOIN mint_attestation_overdue o ON o.mint_id = m.id ";

  private final JdbcTemplate jdbc;
  private final TransactionCosts costs;
  private final TransactionTemplate reads;
  private final Duration deadline;
  private final Clock clock;

  MintQueries(
      JdbcTemplate jdbc,
      TransactionCosts costs,
      PlatformTransactionManager transactions,
      Duration deadline,
      Clock clock) {
    this.jdbc = jdbc;
    this.costs = costs;
    this.reads = new TransactionTemplate(transactions);
    this.reads.setReadOnly(true);
    this.deadline = deadline;
    this.clock = clock;
  }

  /**
   * One mint as the API shows it: the row, its attestation, its timeline and what it cost ({@code
   * costs} null for an imported mint, whose transactions the original service sent, and for a mint
   * with a transaction confirmed before costs were recorded).
   */
  public record MintRecord(
      Mint mint,
      String attestator,
      String attestationTxHash,
      Long attestationBlock,
      Instant rewardedAt,
      boolean overdue,
      List<Transition> transitions,
      MintCosts costs) {}

  /** One step of a mint's timeline, from {@code mint_transition}. */
  public record Transition(MintState from, MintState to, Instant at, String detail) {}

  /** A page of mints, newest first, and how many match in all. */
  public record Page(List<MintRecord> mints, long total) {}

  public Optional<MintRecord> find(String tokenAddress) {
    return reads.execute(
        status ->
            withTransitions(
                    jdbc.query(SELECT + "WHERE m.token_address = ?", this::row, tokenAddress))
                .stream()
                .findFirst());
  }

  /** Mints in {@code state} (all if null), newest first. */
  public Page page(MintState state, int page, int size) {
    String where = state == null ? "" : "WHERE m.state = ? ";
    Object[] filter = state == null ? new Object[0] : new Object[] {state.name()};
    return reads.execute(
        status -> {
          Long total =
              jdbc.queryForObject("SELECT COUNT(*) FROM mint m " + where, Long.class, filter);
          List<Object> args = new ArrayList<>(List.of(filter));
          args.add(size);
          args.add((long) page * size);
          List<MintRecord> rows =
              jdbc.query(
                  SELECT + where + "ORDER BY m.id DESC LIMIT ? OFFSET ?",
                  this::row,
                  args.toArray());
          return new Page(withTransitions(rows), total == null ? 0 : total);
        });
  }

  /** The state of each of {@code tokens} that has a mint. */
  public Map<String, MintState> states(java.util.Collection<String> tokens) {
    Map<String, MintState> states = new LinkedHashMap<>();
    if (tokens.isEmpty()) {
      return states;
    }
    String in = String.join(",", Collections.nCopies(tokens.size(), "?"));
    reads.executeWithoutResult(
        status ->
            jdbc.query(
                "SELECT token_address, state FROM mint WHERE token_address IN (" + in + ")",
                rs -> {
                  states.put(
                      rs.getString("token_address"), MintState.valueOf(rs.getString("state")));
                },
                tokens.toArray()));
    return states;
  }

  /** Rewarded mints still waiting for their attestation, the oldest first. */
  public List<MintRecord> attestationBacklog(int limit) {
    return reads.execute(
        status ->
            withTransitions(
                jdbc.query(
                    SELECT + "WHERE m.state = 'REWARDED' ORDER BY m.id LIMIT ?",
                    this::row,
                    limit)));
  }

  private List<MintRecord> withTransitions(List<MintRecord> rows) {
    if (rows.isEmpty()) {
      return rows;
    }
    Map<Long, List<Transition>> byMint = new LinkedHashMap<>();
    rows.forEach(r -> byMint.put(r.mint().id(), new ArrayList<>()));
    String in = String.join(",", Collections.nCopies(byMint.size(), "?"));
    jdbc.query(
        "SELECT mint_id, from_state, to_state, occurred_at, detail FROM mint_transition"
            + " WHERE mint_id IN ("
            + in
            + ") ORDER BY id",
        rs -> {
          String from = rs.getString("from_state");
          byMint
              .get(rs.getLong("mint_id"))
              .add(
                  new Transition(
                      from == null ? null : MintState.valueOf(from),
                      MintState.valueOf(rs.getString("to_state")),
                      rs.getTimestamp("occurred_at").toInstant(),
                      rs.getString("detail")));
        },
        byMint.keySet().toArray());
    Map<String, MintCosts> spent = costs(rows);
    return rows.stream()
        .map(
            r ->
                new MintRecord(
                    r.mint(),
                    r.attestator(),
                    r.attestationTxHash(),
                    r.attestationBlock(),
                    r.rewardedAt(),
                    r.overdue(),
                    List.copyOf(byMint.get(r.mint().id())),
                    spent.get(r.mint().tokenAddress())))
        .toList();
  }

  /** The costs of the mints this service sent transactions for, by token address. */
  private Map<String, MintCosts> costs(List<MintRecord> rows) {
    Map<String, List<TransactionCosts.Confirmed>> byPrefix = new LinkedHashMap<>();
    rows.stream()
        .map(MintRecord::mint)
        .filter(m -> !m.imported())
        .forEach(m -> byPrefix.put(m.intent(""), new ArrayList<>()));
    for (TransactionCosts.Confirmed tx : costs.confirmed(byPrefix.keySet())) {
      byPrefix.entrySet().stream()
          .filter(e -> tx.intentKey().regionMatches(true, 0, e.getKey(), 0, e.getKey().length()))
          .findFirst()
          .ifPresent(e -> e.getValue().add(tx));
    }
    Map<String, MintCosts> spent = new LinkedHashMap<>();
    rows.stream()
        .map(MintRecord::mint)
        .filter(m -> byPrefix.containsKey(m.intent("")))
        .forEach(m -> spent.put(m.tokenAddress(), MintCosts.of(byPrefix.get(m.intent("")))));
    return spent;
  }

  private MintRecord row(ResultSet rs, int n) throws SQLException {
    Mint mint = ROWS.mapRow(rs, n);
    Instant rewardedAt = instant(rs, "rewarded_at");
    boolean overdue =
        mint.state() == MintState.REWARDED
            && (rs.getTimestamp("overdue_at") != null
                || rewardedAt != null && !rewardedAt.plus(deadline).isAfter(clock.instant()));
    return new MintRecord(
        mint,
        rs.getString("attestator"),
        rs.getString("attestation_tx_hash"),
        rs.getObject("attestation_block_number", Long.class),
        rewardedAt,
        overdue,
        List.of(),
        null);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
