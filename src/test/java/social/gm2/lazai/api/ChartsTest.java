package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStats;
import social.gm2.lazai.support.SvgMarks;

/** The percentile math and the numbers the SVG charts draw. */
class ChartsTest {
  private static final Instant FROM = Instant.parse("2026-01-01T11:01:00Z");

  @Test
  void percentilesAreNearestRankSoAlwaysOneOfTheValues() {
    Percentiles four = Percentiles.of(ms(4, 1, 3, 2));
    assertThat(four.count()).isEqualTo(4);
    assertThat(four.p50()).isEqualTo(Duration.ofMillis(2));
    assertThat(four.p90()).isEqualTo(Duration.ofMillis(4));
    assertThat(four.max()).isEqualTo(Duration.ofMillis(4));

    Percentiles ten = Percentiles.of(ms(10, 9, 8, 7, 6, 5, 4, 3, 2, 1));
    assertThat(ten.p50()).isEqualTo(Duration.ofMillis(5));
    assertThat(ten.p90()).isEqualTo(Duration.ofMillis(9));

    Percentiles eleven = Percentiles.of(ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1000));
    assertThat(eleven.p50()).isEqualTo(Duration.ofMillis(6));
    assertThat(eleven.p90()).as("rank ⌈9.9⌉ = 10").isEqualTo(Duration.ofMillis(10));
    assertThat(eleven.max()).isEqualTo(Duration.ofMillis(1000));

    Percentiles one = Percentiles.of(ms(7));
    assertThat(List.of(one.p50(), one.p90(), one.max())).containsOnly(Duration.ofMillis(7));
    assertThat(Percentiles.of(List.of())).isEqualTo(new Percentiles(0, null, null, null));
    assertThatThrownBy(() -> Percentiles.rank(ms(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationsReadAsAPersonSaysThem() {
    assertThat(Percentiles.human(Duration.ofMillis(850))).isEqualTo("850 ms");
    assertThat(Percentiles.human(Duration.ofMillis(3240))).isEqualTo("3.2 s");
    assertThat(Percentiles.human(Duration.ofSeconds(270))).isEqualTo("4.5 min");
    assertThat(Percentiles.human(Duration.ofMinutes(72))).isEqualTo("1.2 h");
    assertThat(Percentiles.human(null)).isEqualTo("–");
  }

  @Test
  void mintsPerMinuteDrawsOneBarPerMinuteScaledToTheBusiestMinute() {
    List<Integer> minted = new ArrayList<>(Collections.nCopies(60, 0));
    minted.set(0, 2);
    minted.set(59, 4);
    String svg = Charts.mintsPerMinute(hour(minted, Map.of(), Map.of()));

    List<Map<String, String>> bars = marks(svg, "minute");
    assertThat(bars).hasSize(60);
    assertThat(bars.get(0)).containsEntry("minute", "11:01").containsEntry("count", "2");
    assertThat(bars.get(59)).containsEntry("minute", "12:00").containsEntry("count", "4");
    assertThat(svg).contains("6 minted in the hour, at most 4/min");
    double full = Double.parseDouble(bars.get(59).get("height"));
    assertThat(Double.parseDouble(bars.get(0).get("height"))).isEqualTo(full / 2);
    assertThat(Double.parseDouble(bars.get(1).get("height"))).isZero();
  }

  @Test
  void stepTimesShowP50AndP90OfEachStepThatRan() {
    Map<MintState, List<Duration>> steps = new EnumMap<>(MintState.class);
    steps.put(MintState.UPLOADED, ms(100, 200, 300, 400, 500, 600, 700, 800, 900, 1000));
    steps.put(MintState.ATTESTED, ms(30_000));
    String svg = Charts.stepTimes(hour(Collections.nCopies(60, 0), steps, Map.of()));

    List<Map<String, String>> rows = marks(svg, "step");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0))
        .containsEntry("step", "UPLOADED")
        .containsEntry("count", "10")
        .containsEntry("p50-ms", "500")
        .containsEntry("p90-ms", "900");
    assertThat(rows.get(1)).containsEntry("step", "ATTESTED").containsEntry("p90-ms", "30000");
    assertThat(svg).contains("500 ms / 900 ms (10)").contains("no step completed");
  }

  @Test
  void theFunnelCountsEachStateAndHowManyReachedIt() {
    Map<MintState, Long> states = new EnumMap<>(MintState.class);
    for (MintState s : MintState.values()) {
      states.put(s, 0L);
    }
    states.put(MintState.ACCEPTED, 1L);
    states.put(MintState.REWARDED, 3L);
    states.put(MintState.ATTESTED, 5L);
    states.put(MintState.FAILED, 2L);
    String svg = Charts.funnel(states);

    List<Map<String, String>> bars = marks(svg, "state");
    assertThat(bars)
        .extracting(b -> b.get("state"))
        .containsExactly(
            "ACCEPTED",
            "ENCRYPTED",
            "UPLOADED",
            "REGISTERED",
            "PROOF_REQUESTED",
            "PROOF_SUBMITTED",
            "REWARDED",
            "ATTESTED",
            "FAILED");
    assertThat(bars.get(0)).containsEntry("count", "1").containsEntry("reached", "9");
    assertThat(bars.get(1)).containsEntry("count", "0").containsEntry("reached", "8");
    assertThat(bars.get(6)).containsEntry("count", "3").containsEntry("reached", "8");
    assertThat(bars.get(7)).containsEntry("count", "5").containsEntry("reached", "5");
    assertThat(bars.get(8)).containsEntry("count", "2");
  }

  @Test
  void theLagHistogramPutsEachLagInItsBucket() {
    assertThat(Charts.buckets(ms(5000, 5001, 15_000, 60_000, 3_600_000, 1)))
        .containsExactly(2, 2, 0, 1, 0, 0, 0, 1);
    Map<MintState, List<Duration>> steps = new EnumMap<>(MintState.class);
    steps.put(MintState.ATTESTED, ms(2000, 4000, 20_000));
    String svg = Charts.lag(hour(Collections.nCopies(60, 0), steps, Map.of()));
    assertThat(marks(svg, "bucket"))
        .extracting(b -> b.get("count"))
        .containsExactly("2", "0", "1", "0", "0", "0", "0", "0");
    assertThat(svg).contains("3 attested: p50 4.0 s, p90 20.0 s, max 20.0 s");
    String none =
        Charts.lag(hour(Collections.nCopies(60, 0), Map.of(), Map.of(MintState.REWARDED, 4L)));
    assertThat(none).contains("no attestation in the hour; 4 waiting");
  }

  @Test
  void textIsEscapedAndNoStyleAttributeIsUsed() {
    assertThat(Svg.escape("<a href=\"x\">&'")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    String html = Charts.html(hour(Collections.nCopies(60, 1), Map.of(), Map.of()));
    assertThat(html).doesNotContain("style=").contains("<svg", "id=\"chart-funnel\"");
  }

  private static MintStats.Hour hour(
      List<Integer> minted, Map<MintState, List<Duration>> steps, Map<MintState, Long> states) {
    return new MintStats.Hour(FROM, minted, steps, false, states);
  }

  private static List<Duration> ms(long... values) {
    List<Duration> out = new ArrayList<>();
    for (long v : values) {
      out.add(Duration.ofMillis(v));
    }
    return out;
  }

  private static List<Map<String, String>> marks(String svg, String key) {
    return SvgMarks.marks(svg, key);
  }
}
