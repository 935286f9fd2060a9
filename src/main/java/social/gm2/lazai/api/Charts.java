package social.gm2.lazai.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStats;

/**
 * The dashboard's four charts as inline SVG, drawn on the server from {@link MintStats.Hour}: mints
 * per minute, time per step (p50 and p90), the state funnel and the attestation lag. Each figure
 * writes its numbers as text beside its marks, and as {@code data-} attributes for tests.
 */
public final class Charts {
  static final int WIDTH = 460;
  static final int HEIGHT = 190;
  static final String BAR = "#3f6fb5";
  static final String LIGHT = "#a9c1e6";
  static final String GOOD = "#2e7d32";
  static final String BAD = "#b00020";

  /** The pipeline's steps, each named by the state it reaches. */
  static final List<MintState> STEPS =
      List.of(
          MintState.ENCRYPTED,
          MintState.UPLOADED,
          MintState.REGISTERED,
          MintState.PROOF_REQUESTED,
          MintState.PROOF_SUBMITTED,
          MintState.REWARDED,
          MintState.ATTESTED);

  /**
   * The lag histogram's bucket upper bounds; a last bucket holds what is longer than the last one.
   */
  static final List<Duration> LAG_BUCKETS =
      List.of(
          Duration.ofSeconds(5),
          Duration.ofSeconds(15),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15));

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  private Charts() {}

  /** The four figures, each in a {@code <figure class="chart">}, HTML-escaped. */
  public static String html(MintStats.Hour hour) {
    return "<div class=\"charts\">"
        + figure("Mints per minute (last hour, UTC)", mintsPerMinute(hour))
        + figure("Time per step (last hour): p50 dark, p90 light", stepTimes(hour))
        + figure("State funnel (all mints)", funnel(hour.states()))
        + figure("Attestation lag (rewarded → attested, last hour)", lag(hour))
        + (hour.sampled()
            ? "<p class=\"note\">Step times use the newest transitions only (a busy hour).</p>"
            : "")
        + "</div>";
  }

  private static String figure(String caption, String svg) {
    return "<figure class=\"chart\"><figcaption>"
        + Svg.escape(caption)
        + "</figcaption>"
        + svg
        + "</figure>";
  }

  static String mintsPerMinute(MintStats.Hour hour) {
    List<Integer> minted = hour.minted();
    int total = minted.stream().mapToInt(Integer::intValue).sum();
    int max = Math.max(1, minted.stream().mapToInt(Integer::intValue).max().orElse(0));
    Svg svg = new Svg("chart-mints", WIDTH, HEIGHT, total + " mints in the last hour");
    double left = 30;
    double top = 22;
    double height = HEIGHT - top - 24;
    double slot = (WIDTH - left - 6) / minted.size();
    svg.text(left, 14, "start", Svg.INK, total + " minted in the hour, at most " + max + "/min")
        .line(left, top + height, WIDTH - 6, top + height, Svg.MUTED)
        .line(left, top, WIDTH - 6, top, Svg.GRID)
        .text(left - 4, top + 4, "end", Svg.MUTED, Integer.toString(max))
        .text(left - 4, top + height + 4, "end", Svg.MUTED, "0");
    for (int i = 0; i < minted.size(); i++) {
      int n = minted.get(i);
      double h = Svg.scale(n, max, height);
      Instant at = hour.from().plus(Duration.ofMinutes(i));
      svg.rect(
          left + i * slot + 1,
          top + height - h,
          slot - 2,
          h,
          BAR,
          MINUTE.format(at) + " UTC: " + n + " minted",
          "minute",
          MINUTE.format(at),
          "count",
          n);
    }
    for (int i = 0; i < minted.size(); i += 15) {
      svg.text(
          left + i * slot,
          HEIGHT - 6,
          "start",
          Svg.MUTED,
          MINUTE.format(hour.from().plus(Duration.ofMinutes(i))));
    }
    return svg.text(WIDTH - 6, HEIGHT - 6, "end", Svg.MUTED, "now").end();
  }

  static String stepTimes(MintStats.Hour hour) {
    Svg svg = new Svg("chart-steps", WIDTH, HEIGHT, "time per step, p50 and p90");
    double left = 128;
    double width = 190;
    double row = (HEIGHT - 8.0) / STEPS.size();
    Duration longest = Duration.ZERO;
    for (MintState step : STEPS) {
      Duration p90 = Percentiles.of(hour.steps().getOrDefault(step, List.of())).p90();
      longest = p90 != null && p90.compareTo(longest) > 0 ? p90 : longest;
    }
    for (int i = 0; i < STEPS.size(); i++) {
      MintState step = STEPS.get(i);
      Percentiles p = Percentiles.of(hour.steps().getOrDefault(step, List.of()));
      double y = 4 + i * row;
      svg.text(left - 6, y + row / 2 + 4, "end", Svg.INK, step.name());
      if (p.count() > 0) {
        String tip = step + ": p50 " + Percentiles.human(p.p50()) + ", p90 ";
        svg.rect(
            left,
            y + 3,
            Svg.scale(p.p90().toMillis(), longest.toMillis(), width),
            row - 6,
            LIGHT,
            tip + Percentiles.human(p.p90()) + ", " + p.count() + " steps",
            "step",
            step.name(),
            "count",
            p.count(),
            "p50-ms",
            p.p50().toMillis(),
            "p90-ms",
            p.p90().toMillis());
        svg.rect(
            left,
            y + 3,
            Svg.scale(p.p50().toMillis(), longest.toMillis(), width),
            row - 6,
            BAR,
            null);
      }
      String label =
          p.count() == 0
              ? "no step completed"
              : Percentiles.human(p.p50())
                  + " / "
                  + Percentiles.human(p.p90())
                  + " ("
                  + p.count()
                  + ")";
      svg.text(left + width + 6, y + row / 2 + 4, "start", Svg.MUTED, label);
    }
    return svg.end();
  }

  static String funnel(Map<MintState, Long> states) {
    Svg svg = new Svg("chart-funnel", WIDTH, HEIGHT, "mints by state");
    List<MintState> order = new java.util.ArrayList<>(List.of(MintState.ACCEPTED));
    order.addAll(STEPS);
    order.add(MintState.FAILED);
    long max = Math.max(1, states.values().stream().mapToLong(Long::longValue).max().orElse(0));
    double left = 128;
    double width = 230;
    double row = (HEIGHT - 8.0) / order.size();
    for (int i = 0; i < order.size(); i++) {
      MintState state = order.get(i);
      long now = states.getOrDefault(state, 0L);
      long reached = state == MintState.FAILED ? now : reached(states, state);
      double y = 4 + i * row;
      String fill = state == MintState.FAILED ? BAD : state == MintState.ATTESTED ? GOOD : BAR;
      svg.text(left - 6, y + row / 2 + 4, "end", Svg.INK, state.name())
          .rect(
              left,
              y + 2,
              Svg.scale(now, max, width),
              row - 4,
              fill,
              state + ": " + now + " now",
              "state",
              state.name(),
              "count",
              now,
              "reached",
              reached)
          .text(
              left + Svg.scale(now, max, width) + 6,
              y + row / 2 + 4,
              "start",
              Svg.MUTED,
              state == MintState.FAILED ? now + "" : now + " (" + reached + " reached)");
    }
    return svg.end();
  }

  /** Mints now in {@code state} or a later pipeline state (FAILED ones are not placed). */
  static long reached(Map<MintState, Long> states, MintState state) {
    long reached = 0;
    for (Map.Entry<MintState, Long> e : states.entrySet()) {
      if (e.getKey() != MintState.FAILED && e.getKey().ordinal() >= state.ordinal()) {
        reached += e.getValue();
      }
    }
    return reached;
  }

  static String lag(MintStats.Hour hour) {
    List<Duration> lags = hour.steps().getOrDefault(MintState.ATTESTED, List.of());
    Percentiles p = Percentiles.of(lags);
    long[] buckets = buckets(lags);
    long max = Math.max(1, java.util.Arrays.stream(buckets).max().orElse(0));
    Svg svg = new Svg("chart-lag", WIDTH, HEIGHT, "attestation lag");
    double left = 10;
    double top = 22;
    double height = HEIGHT - top - 24;
    double slot = (WIDTH - left - 6) / buckets.length;
    svg.text(
            left,
            14,
            "start",
            Svg.INK,
            p.count() == 0
                ? "no attestation in the hour; "
                    + hour.states().getOrDefault(MintState.REWARDED, 0L)
                    + " waiting"
                : p.count()
                    + " attested: p50 "
                    + Percentiles.human(p.p50())
                    + ", p90 "
                    + Percentiles.human(p.p90())
                    + ", max "
                    + Percentiles.human(p.max()))
        .line(left, top + height, WIDTH - 6, top + height, Svg.MUTED);
    for (int i = 0; i < buckets.length; i++) {
      String label = i < LAG_BUCKETS.size() ? "≤ " + compact(LAG_BUCKETS.get(i)) : "longer";
      double h = Svg.scale(buckets[i], max, height - 12);
      double x = left + i * slot;
      svg.rect(
              x + 4,
              top + height - h,
              slot - 8,
              h,
              GOOD,
              label + ": " + buckets[i],
              "bucket",
              label,
              "count",
              buckets[i])
          .text(x + slot / 2, top + height - h - 3, "middle", Svg.INK, Long.toString(buckets[i]))
          .text(x + slot / 2, HEIGHT - 6, "middle", Svg.MUTED, label);
    }
    return svg.end();
  }

  /** A bucket bound in few characters: {@code 30s}, {@code 2m}. */
  static String compact(Duration d) {
    return d.toSeconds() < 60 ? d.toSeconds() + "s" : d.toMinutes() + "m";
  }

  /** How many of {@code lags} fall in each of {@link #LAG_BUCKETS}, and beyond the last. */
  static long[] buckets(List<Duration> lags) {
    long[] counts = new long[LAG_BUCKETS.size() + 1];
    for (Duration lag : lags) {
      int i = 0;
      while (i < LAG_BUCKETS.size() && lag.compareTo(LAG_BUCKETS.get(i)) > 0) {
        i++;
      }
      counts[i]++;
    }
    return counts;
  }
}
