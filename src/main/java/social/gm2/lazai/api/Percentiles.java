package social.gm2.lazai.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Percentiles of durations by the nearest-rank method: the p-th percentile of n sorted values is
 * the value at rank ⌈p/100 · n⌉, so it is always one of the values (p50 of 1, 2, 3, 4 is 2).
 *
 * @param count how many durations
 * @param p50 the median, null when there are none
 * @param p90 null when there are none
 * @param max null when there are none
 */
public record Percentiles(int count, Duration p50, Duration p90, Duration max) {

  /** The percentiles of {@code durations} (in any order). */
  public static Percentiles of(List<Duration> durations) {
    List<Duration> sorted = new ArrayList<>(durations);
    sorted.sort(null);
    if (sorted.isEmpty()) {
      return new Percentiles(0, null, null, null);
    }
    return new Percentiles(
        sorted.size(), rank(sorted, 50), rank(sorted, 90), sorted.get(sorted.size() - 1));
  }

  /** The nearest-rank {@code percent}-th percentile of the non-empty, sorted {@code values}. */
  static Duration rank(List<Duration> sorted, int percent) {
    if (percent <= 0 || percent > 100) {
      throw new IllegalArgumentException("percent must be 1 to 100, got " + percent);
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(rank, 1) - 1);
  }

  /**
   * A duration as a person reads it: {@code 850 ms}, {@code 3.2 s}, {@code 4.5 min}, {@code 1.2 h}.
   */
  public static String human(Duration d) {
    if (d == null) {
      return "–";
    }
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    if (ms < 3_600_000) {
      return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
    }
    return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
  }
}
