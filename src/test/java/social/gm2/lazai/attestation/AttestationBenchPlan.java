package social.gm2.lazai.attestation;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@link AttestationBenchmark} runs: the time scale and, for every token, the block (counted
 * from the start of the run) at which its job completes and the one at which it is rewarded. Most
 * jobs complete a few blocks before the reward, as the original's flow does (the node completes the
 * job before it answers, then the reward is sent); some long before (a reward retried after a
 * crash: more than the original's 100-block window earlier); some after the reward (a node that
 * completes late). Seeded: every run has the same schedule.
 *
 * @param scale how many times faster than real time both sides run: blocks every {@code 1000 /
 *     scale} ms, the original's cron every {@code 300000 / scale} ms, and every time setting of the
 *     service divided alike
 */
record AttestationBenchPlan(
    int tokens, int scale, int spanBlocks, int earlyPercent, int latePercent, long seed) {

  static final long BLOCK_MS_UNSCALED = 1000;
  static final long CRON_MS_UNSCALED = 300_000;
  static final int WINDOW = 100;
  static final int NORMAL_MAX_GAP = 6;
  static final int FAR_MAX_GAP = 600;

  enum Category {
    NORMAL("completed 1–6 blocks before the reward (the usual flow)"),
    EARLY("completed 101–600 blocks before the reward (reward retried late)"),
    LATE("completed 1–600 blocks after the reward (node completes late)");

    final String description;

    Category(String description) {
      this.description = description;
    }
  }

  /** One token's schedule, in blocks from the start of the run. */
  record Token(int index, String address, Category category, int completeAt, int rewardAt) {}

  static AttestationBenchPlan fromEnvironment() {
    return new AttestationBenchPlan(
        env("BENCH_TOKENS", 1000),
        env("BENCH_SCALE", 5),
        env("BENCH_SPAN_BLOCKS", 900),
        env("BENCH_EARLY_PERCENT", 10),
        env("BENCH_LATE_PERCENT", 10),
        15);
  }

  AttestationBenchPlan {
    if (scale < 1 || scale > 300) {
      throw new IllegalArgumentException("BENCH_SCALE must be 1..300 (the cron stays >= 1 s)");
    }
    if (earlyPercent < 0 || latePercent < 0 || earlyPercent + latePercent > 100) {
      throw new IllegalArgumentException("BENCH_EARLY_PERCENT + BENCH_LATE_PERCENT must be 0..100");
    }
    if (spanBlocks <= FAR_MAX_GAP + 10) {
      throw new IllegalArgumentException("BENCH_SPAN_BLOCKS must exceed " + (FAR_MAX_GAP + 10));
    }
  }

  long blockMs() {
    return BLOCK_MS_UNSCALED / scale;
  }

  long cronMs() {
    return CRON_MS_UNSCALED / scale;
  }

  long cronBlocks() {
    return CRON_MS_UNSCALED / BLOCK_MS_UNSCALED;
  }

  List<Token> schedule() {
    Random random = new Random(seed);
    List<Token> all = new ArrayList<>();
    for (int i = 0; i < tokens; i++) {
      Category category =
          i % 100 < earlyPercent
              ? Category.EARLY
              : i % 100 < earlyPercent + latePercent ? Category.LATE : Category.NORMAL;
      int reward;
      int complete;
      switch (category) {
        case EARLY -> {
          int gap = between(random, WINDOW + 1, FAR_MAX_GAP);
          reward = between(random, gap + 1, spanBlocks);
          complete = reward - gap;
        }
        case LATE -> {
          reward = between(random, 10, spanBlocks);
          complete = reward + between(random, 1, FAR_MAX_GAP);
        }
        default -> {
          reward = between(random, 10, spanBlocks);
          complete = reward - between(random, 1, NORMAL_MAX_GAP);
        }
      }
      all.add(new Token(i, String.format("0x%040x", 0xa77e5700L + i), category, complete, reward));
    }
    return all;
  }

  /** The last block of the run: two of the original's cron periods after the last event. */
  int endBlock(List<Token> schedule) {
    int last =
        schedule.stream().mapToInt(t -> Math.max(t.completeAt(), t.rewardAt())).max().orElse(0);
    return last + (int) (2 * cronBlocks()) + 12;
  }

  void describe(ObjectNode p) {
    p.put("tokens", tokens);
    p.put("scale", scale);
    p.put("blockMsUnscaled", BLOCK_MS_UNSCALED);
    p.put("blockMs", blockMs());
    p.put("originalCronMsUnscaled", CRON_MS_UNSCALED);
    p.put("originalCronMs", cronMs());
    p.put("originalWindowBlocks", WINDOW);
    p.put("rewardSpanBlocks", spanBlocks);
    p.put("earlyPercent", earlyPercent);
    p.put("latePercent", latePercent);
    p.put("seed", seed);
    p.put(
        "scaling",
        "both sides run "
            + scale
            + "x faster than real time: blocks every "
            + blockMs()
            + " ms instead of 1 s, the original's cron every "
            + cronMs()
            + " ms instead of 5 min, and the service's poll interval, lease, backfill period and"
            + " deadline divided by "
            + scale
            + "; block counts (window, confirmations) unchanged; RPC and database latency are not"
            + " scaled");
  }

  private static int between(Random random, int from, int to) {
    return from + random.nextInt(to - from + 1);
  }

  private static int env(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
  }
}
