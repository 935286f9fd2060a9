package social.gm2.lazai.attestation;

import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import social.gm2.lazai.attestation.AttestationBenchChain.Completed;
import social.gm2.lazai.attestation.AttestationBenchPlan.Token;
import social.gm2.lazai.attestation.AttestationBenchmark.Reward;
import social.gm2.lazai.support.BenchReport;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a finished run into figures: per token, where its JobComplete landed relative to its reward
 * (read from the chain), and when each side recorded its attestation (the service's ATTESTED
 * transition, the original's report of its {@code LazAIMintDAT} write) up to the end of the run;
 * per side, RPC requests per attested token, latency percentiles, tokens never attested and
 * attestations naming another transaction than the job's JobComplete.
 */
final class AttestationBenchResults {
  enum Where {
    IN_WINDOW("JobComplete 0–100 blocks before the reward (inside the original's window)"),
    BEFORE_WINDOW("JobComplete more than 100 blocks before the reward"),
    AFTER_REWARD("JobComplete after the reward block");

    final String description;

    Where(String description) {
      this.description = description;
    }
  }

  /** One token's outcome: latencies in ms, null if that side never attested it in the run. */
  private record Outcome(
      Token token,
      Where where,
      Reward reward,
      Completed completed,
      Long service,
      boolean serviceWrong,
      Long original,
      boolean originalWrong) {}

  private final AttestationBenchRun run;
  private final Map<BigInteger, Completed> truth;

  AttestationBenchResults(AttestationBenchRun run, Map<BigInteger, Completed> truth) {
    this.run = run;
    this.truth = truth;
  }

  void write(
      BenchReport report, JdbcTemplate service, JdbcTemplate original, OriginalAttestator node) {
    Map<String, Long> serviceLatency = new HashMap<>();
    Map<String, String> serviceTx = new HashMap<>();
    long endMillis = run.endAt.toEpochMilli();
    service.query(
        "SELECT m.token_address, m.attestation_tx_hash,"
            + " (SELECT MIN(t.occurred_at) FROM mint_transition t WHERE t.mint_id = m.id"
            + "   AND t.to_state = 'REWARDED') AS rewarded_at,"
            + " (SELECT MIN(t.occurred_at) FROM mint_transition t WHERE t.mint_id = m.id"
            + "   AND t.to_state = 'ATTESTED') AS attested_at FROM mint m",
        rs -> {
          Timestamp rewarded = rs.getTimestamp("rewarded_at");
          Timestamp attested = rs.getTimestamp("attested_at");
          if (rewarded != null && attested != null && attested.getTime() <= endMillis) {
            serviceLatency.put(rs.getString(1), attested.getTime() - rewarded.getTime());
            serviceTx.put(rs.getString(1), rs.getString(2));
          }
        });
    Map<String, String> originalTable = new HashMap<>();
    original.query(
        "SELECT tokenAddress, attestatorHash FROM LazAIMintDAT WHERE attestatorHash IS NOT NULL",
        rs -> {
          originalTable.put(rs.getString(1), rs.getString(2));
        });
    List<Outcome> outcomes = new ArrayList<>();
    for (Token t : run.schedule) {
      Reward reward = run.rewards.get(t.index());
      Completed done = truth.get(run.jobs.get(t.index()));
      if (reward == null || done == null) {
        throw new IllegalStateException(
            "token " + t + " was not rewarded or its job not completed");
      }
      Where where =
          done.block() > reward.block()
              ? Where.AFTER_REWARD
              : done.block() < reward.block() - AttestationBenchPlan.WINDOW
                  ? Where.BEFORE_WINDOW
                  : Where.IN_WINDOW;
      var o = node.attested.get(t.address());
      Long originalMs =
          o != null && o.atMillis() <= endMillis ? o.atMillis() - reward.at().toEpochMilli() : null;
      if (o != null && !o.txHash().equals(originalTable.get(t.address()))) {
        throw new IllegalStateException(
            "the original reported "
                + o
                + " for "
                + t.address()
                + " but its table holds "
                + originalTable.get(t.address()));
      }
      Long serviceMs = serviceLatency.get(t.address());
      outcomes.add(
          new Outcome(
              t,
              where,
              reward,
              done,
              serviceMs,
              serviceMs != null && !done.txHash().equalsIgnoreCase(serviceTx.get(t.address())),
              originalMs,
              originalMs != null && !done.txHash().equalsIgnoreCase(o.txHash())));
    }
    ObjectNode root = report.root();
    ObjectNode r = root.putObject("run");
    r.put("startBlock", run.startBlock);
    r.put("endBlock", run.endBlock);
    r.put("blocks", run.endBlock - run.startBlock);
    long ms = Duration.between(run.startAt, run.endAt).toMillis();
    r.put("durationMs", ms);
    r.put("averageBlockMs", (double) ms / (run.endBlock - run.startBlock));
    // What tells whether the time scale distorted either side: RPC and database time is not
    // scaled, so a side slower than the scaled timers polls less often than it would in real time.
    long polls = run.serviceRequests.getOrDefault("eth_blockNumber", 0L);
    r.put("servicePollSteps", polls);
    r.put(
        "blocksPerServicePollStep",
        polls == 0 ? 0 : (double) (run.endBlock - run.startBlock) / polls);
    List<OriginalAttestator.CronRun> crons =
        node.cronRuns.stream().filter(c -> c.atMillis() <= endMillis).toList();
    r.put("originalCronRuns", crons.size());
    r.put(
        "originalFetchJobsAsked",
        crons.stream().mapToLong(OriginalAttestator.CronRun::enqueued).sum());
    r.put(
        "originalMaxFetchBacklogAtCron",
        crons.stream().mapToInt(OriginalAttestator.CronRun::backlog).max().orElse(0));
    ArrayNode cronRuns = r.putArray("originalCron");
    for (OriginalAttestator.CronRun c : crons) {
      cronRuns
          .addObject()
          .put("atMs", c.atMillis() - run.startAt.toEpochMilli())
          .put("rows", c.enqueued())
          .put("backlog", c.backlog());
    }
    ObjectNode sides = root.putObject("sides");
    sides.set("service", side(outcomes, run.serviceRequests, true));
    sides.set("original", side(outcomes, run.originalRequests, false));
    ArrayNode categories = root.putArray("categories");
    for (Where where : Where.values()) {
      List<Outcome> in = outcomes.stream().filter(o -> o.where() == where).toList();
      ObjectNode c = categories.addObject();
      c.put("key", where.name());
      c.put("description", where.description);
      c.put("tokens", in.size());
      c.set("service", attested(in, true));
      c.set("original", attested(in, false));
    }
    ArrayNode tokens = root.putArray("tokens");
    for (Outcome o : outcomes) {
      ObjectNode t = tokens.addObject();
      t.put("token", o.token().address());
      t.put("planned", o.token().category().name());
      t.put("where", o.where().name());
      t.put("rewardBlock", o.reward().block());
      t.put("jobCompleteBlock", o.completed().block());
      t.put("serviceMs", o.service());
      t.put("originalMs", o.original());
    }
  }

  private static ObjectNode side(
      List<Outcome> outcomes, Map<String, Long> requests, boolean service) {
    ObjectNode side = attested(outcomes, service);
    side.put("neverAttested", outcomes.stream().filter(o -> latency(o, service) == null).count());
    side.put(
        "wrongAttestations",
        outcomes.stream().filter(o -> service ? o.serviceWrong() : o.originalWrong()).count());
    ObjectNode rpc = side.putObject("rpc");
    long total = requests.values().stream().mapToLong(Long::longValue).sum();
    if (requests.containsKey("?")) {
      throw new IllegalStateException("a request the proxy could not read (a batch?): " + requests);
    }
    rpc.put("total", total);
    long attested = side.get("attested").asLong();
    rpc.put("perAttestedToken", attested == 0 ? 0 : (double) total / attested);
    ObjectNode byMethod = rpc.putObject("byMethod");
    requests.forEach(byMethod::put);
    return side;
  }

  /** How many were attested, and the latency percentiles over those. */
  private static ObjectNode attested(List<Outcome> outcomes, boolean service) {
    List<Long> sorted =
        outcomes.stream()
            .map(o -> latency(o, service))
            .filter(java.util.Objects::nonNull)
            .sorted()
            .toList();
    ObjectNode node = BenchReport.object();
    node.put("attested", sorted.size());
    if (sorted.isEmpty()) {
      node.putNull("latencyMs");
    } else {
      node.putObject("latencyMs")
          .put("p50", BenchReport.percentile(sorted, 50))
          .put("p90", BenchReport.percentile(sorted, 90))
          .put("max", sorted.get(sorted.size() - 1));
    }
    return node;
  }

  private static Long latency(Outcome o, boolean service) {
    return service ? o.service() : o.original();
  }
}
