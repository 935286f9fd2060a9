package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.SvgMarks;

/**
 * The dashboard's charts against the database, computed here from the raw rows: each state's count,
 * the rewards of the last hour, and the attestation lags (each ATTESTED transition's distance from
 * the mint's transition before it) with their nearest-rank p50 and p90. The pipeline may still be
 * moving, so the page is read again until it matches or the deadline passes.
 */
final class DashboardChartsCheck {
  private DashboardChartsCheck() {}

  static void assertChartsMatchTheDatabase(JdbcTemplate jdbc, Supplier<String> page) {
    Map<String, Object> last =
        Await.until(
            Duration.ofSeconds(30),
            () -> compare(jdbc, page.get()),
            c -> c.get("page").equals(c.get("database")));
    assertThat(last.get("page")).isEqualTo(last.get("database"));
    @SuppressWarnings("unchecked")
    Map<String, Object> numbers = (Map<String, Object>) last.get("database");
    assertThat((Long) numbers.get("minted")).as("the test minted some").isGreaterThanOrEqualTo(5);
    assertThat((Long) numbers.get("lags")).isGreaterThanOrEqualTo(5);
  }

  private static Map<String, Object> compare(JdbcTemplate jdbc, String html) {
    Map<String, Object> shown = new LinkedHashMap<>();
    Map<String, Object> stored = new LinkedHashMap<>();
    Instant now = Instant.now();

    SvgMarks.marks(SvgMarks.chart(html, "chart-funnel"), "state")
        .forEach(m -> shown.put(m.get("state"), Long.parseLong(m.get("count"))));
    for (String state : shown.keySet().stream().toList()) {
      stored.put(
          state,
          jdbc.queryForObject("SELECT COUNT(*) FROM mint WHERE state = ?", Long.class, state));
    }

    shown.put(
        "minted",
        SvgMarks.marks(SvgMarks.chart(html, "chart-mints"), "minute").stream()
            .mapToLong(m -> Long.parseLong(m.get("count")))
            .sum());
    stored.put(
        "minted",
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM mint_transition WHERE to_state = 'REWARDED'"
                + " AND from_state = 'PROOF_SUBMITTED' AND occurred_at >= ?",
            Long.class,
            Timestamp.from(now.minus(Duration.ofMinutes(59)))));

    List<Map<String, String>> attested =
        SvgMarks.marks(SvgMarks.chart(html, "chart-steps"), "step").stream()
            .filter(m -> m.get("step").equals("ATTESTED"))
            .toList();
    List<Long> lags = lags(jdbc);
    shown.put("lags", attested.isEmpty() ? 0L : Long.parseLong(attested.get(0).get("count")));
    stored.put("lags", (long) lags.size());
    if (!lags.isEmpty()) {
      shown.put("lagP50", Long.parseLong(attested.get(0).get("p50-ms")));
      shown.put("lagP90", Long.parseLong(attested.get(0).get("p90-ms")));
      stored.put("lagP50", lags.get((int) Math.ceil(lags.size() * 0.5) - 1));
      stored.put("lagP90", lags.get((int) Math.ceil(lags.size() * 0.9) - 1));
    }
    shown.put(
        "lagBuckets",
        SvgMarks.marks(SvgMarks.chart(html, "chart-lag"), "bucket").stream()
            .mapToLong(m -> Long.parseLong(m.get("count")))
            .sum());
    stored.put("lagBuckets", (long) lags.size());
    return Map.of("page", shown, "database", stored);
  }

  /** Each REWARDED → ATTESTED move's time since the mint's move before it, in ms, sorted. */
  private static List<Long> lags(JdbcTemplate jdbc) {
    List<Long> lags = new ArrayList<>();
    long[] previous = {-1, 0};
    jdbc.query(
        "SELECT mint_id, from_state, to_state, occurred_at FROM mint_transition"
            + " ORDER BY mint_id, id",
        rs -> {
          long mint = rs.getLong("mint_id");
          long at = rs.getTimestamp("occurred_at").getTime();
          if (mint == previous[0]
              && "REWARDED".equals(rs.getString("from_state"))
              && "ATTESTED".equals(rs.getString("to_state"))) {
            lags.add(at - previous[1]);
          }
          previous[0] = mint;
          previous[1] = at;
        });
    lags.sort(null);
    return lags;
  }
}
