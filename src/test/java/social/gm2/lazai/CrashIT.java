package social.gm2.lazai;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;
import social.gm2.lazai.mint.jobs.LazaiQueues;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.BullPeer;
import social.gm2.lazai.support.ServiceDevnet;
import social.gm2.lazai.support.ServiceJar;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Crash recovery on the packaged jar: 60 {@code lazai-mint-dat} jobs from Node {@code bullmq}, the
 * service (a separate process on MariaDB, Redis, Hardhat with 1-s blocks and the simulated node)
 * SIGKILLed, SIGTERMed and SIGKILLed again while mints wait for receipts, restarted each time.
 * Afterwards no mint failed, the chain holds each mint's events exactly once, every mint is
 * REWARDED within 2 minutes and ATTESTED within 3 of the last restart, and no BullMQ job completed
 * before its mint was REWARDED.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CrashIT {
  private static final int MINTS = 60;
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String OPTIONS =
      "{\"attempts\":3,\"backoff\":{\"type\":\"exponential\",\"delay\":1000},"
          + "\"removeOnComplete\":100,\"removeOnFail\":100}";

  private static ServiceDevnet devnet;
  private static ServiceJar service;

  @BeforeAll
  static void devnet() throws Exception {
    devnet = new ServiceDevnet();
    devnet.chain.intervalMining(1000);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void killedAndStoppedWhileMintsWaitForReceiptsEveryMintEndsOnceAndNoJobCompletesEarly()
      throws Exception {
    Map<String, Object> properties = new LinkedHashMap<>(devnet.properties());
    properties.put("lazai.queue.concurrency." + LazaiQueues.MINT_DAT, 8);
    properties.put("lazai.mint.workers", 8);
    properties.put("lazai.attestation.confirmations", 2);
    properties.put("lazai.attestation.poll-interval", "1s");
    service = ServiceJar.start("crash", properties, Map.of());

    BullPeer producer =
        new BullPeer(TestServices.queuePrefix(devnet.database), LazaiQueues.MINT_DAT);
    Map<String, String> tokenOfJob = new LinkedHashMap<>();
    List<BullPeer.Job> jobs = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < MINTS; i++) {
      byte[] address = new byte[20];
      random.nextBytes(address);
      String token = "0x" + HexFormat.of().formatHex(address);
      tokens.add(token);
      jobs.add(
          new BullPeer.Job(
              LazaiQueues.MINT_DAT,
              JSON.readTree(
                  "{\"tokenAddress\":\"%s\",\"fileName\":\"crash-%d.txt\",\"privacyData\":[%d,%d,%d]}"
                      .formatted(token, i, i, random.nextInt(256), random.nextInt(256))),
              JSON.readTree(OPTIONS)));
    }
    List<String> ids = producer.add(jobs);
    assertThat(ids).hasSize(MINTS).doesNotHaveDuplicates();
    for (int i = 0; i < MINTS; i++) {
      tokenOfJob.put(ids.get(i), tokens.get(i));
    }

    // Three stops while transactions wait for their receipts: SIGKILL, SIGTERM, SIGKILL. For the
    // SIGTERM the chain stops mining first, so that the steps still wait for their receipts when
    // the shutdown's grace ends and they are interrupted.
    List<String> stops = new ArrayList<>();
    String termLog = "";
    for (String signal : List.of("KILL", "TERM", "KILL")) {
      long seenTx = maxTxId();
      Await.until(Duration.ofSeconds(90), () -> pendingTxsAfter(seenTx), pending -> pending >= 3);
      int code;
      if (signal.equals("KILL")) {
        code = service.kill();
      } else {
        devnet.chain.rpc("evm_setIntervalMining", "0");
        Thread.sleep(1500);
        code = service.stop();
        termLog = Files.readString(service.log());
        devnet.chain.intervalMining(1000);
      }
      stops.add("SIG" + signal + " with " + pendingTxsAfter(0) + " pending txs: exit " + code);
      assertThat(code)
          .as("exit code after SIG%s", signal)
          .isEqualTo(signal.equals("KILL") ? 137 : 143);
      service = service.restart();
    }
    assertThat(termLog)
        .as("steps waiting for receipts were interrupted by the SIGTERM")
        .contains("interrupted while waiting for a receipt");
    Instant lastRestart = Instant.now();

    Map<String, Instant> rewarded =
        Await.until(
            Duration.ofMinutes(2), () -> reachedAt(List.of("REWARDED")), at -> at.size() == MINTS);
    Map<String, Instant> attested =
        Await.until(
            Duration.ofMinutes(3).minus(Duration.between(lastRestart, Instant.now())),
            () -> reachedAt(List.of("ATTESTED")),
            at -> at.size() == MINTS);
    JsonNode finished =
        Await.until(
            Duration.ofSeconds(90),
            () -> producer.jobs(ids),
            answer -> answer.path("counts").path("completed").asInt() == MINTS);

    String context = String.join("; ", stops) + "; log " + service.log();
    // No mint failed, not even for a while.
    assertThat(count("SELECT COUNT(*) FROM mint_transition WHERE to_state = 'FAILED'"))
        .as(context)
        .isZero();
    assertThat(count("SELECT COUNT(*) FROM mint WHERE state <> 'ATTESTED'")).isZero();
    assertThat(count("SELECT COUNT(*) FROM mint")).isEqualTo(MINTS);
    for (String token : tokens) {
      assertThat(rewarded.get(token))
          .as("%s REWARDED within 2 minutes of the last restart", token)
          .isBefore(lastRestart.plus(Duration.ofMinutes(2)));
      assertThat(attested.get(token))
          .as("%s ATTESTED within 3 minutes of the last restart", token)
          .isBefore(lastRestart.plus(Duration.ofMinutes(3)));
    }

    // Each mint's events exactly once on chain.
    Map<String, Long> fileOf = column("file_id", Long.class);
    Map<String, String> urlOf = column("url", String.class);
    Web3j web3 = Web3j.build(new HttpService(devnet.chain.url()));
    try {
      List<Log> added = logs(web3, devnet.devnet.dataRegistry(), DataRegistry.FILEADDED_EVENT);
      Map<String, Long> urls =
          added.stream().collect(Collectors.groupingBy(CrashIT::urlOf, Collectors.counting()));
      assertThat(added).as("FileAdded events").hasSize(MINTS);
      for (String token : tokens) {
        assertThat(urls.get(urlOf.get(token))).as("FileAdded of %s", token).isEqualTo(1L);
      }
      String registry = devnet.devnet.dataRegistry();
      String computing = devnet.devnet.verifiedComputing();
      // Each event with the topic that holds its file id.
      Map<Event, Emitter> perFile = new LinkedHashMap<>();
      perFile.put(VerifiedComputing.JOBSUBMITTED_EVENT, new Emitter(computing, 2));
      perFile.put(VerifiedComputing.JOBCOMPLETE_EVENT, new Emitter(computing, 3));
      perFile.put(DataRegistry.PROOFADDED_EVENT, new Emitter(registry, 1));
      perFile.put(DataRegistry.REWARDREQUESTED_EVENT, new Emitter(registry, 2));
      for (var e : perFile.entrySet()) {
        assertOncePerFile(
            logs(web3, e.getValue().contract(), e.getKey()),
            e.getValue().fileTopic(),
            fileOf,
            e.getKey().getName());
      }
    } finally {
      web3.shutdown();
    }

    // Every job completed, none before its mint was REWARDED, and none spent a retry on a mint
    // that went on elsewhere.
    Map<Integer, Integer> attempts = new TreeMap<>();
    for (JsonNode job : finished.path("jobs")) {
      String token = tokenOfJob.get(job.path("id").asString());
      assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("completed");
      JsonNode value = job.path("returnvalue");
      assertThat(value.path("tokenAddress").asString()).isEqualTo(token);
      assertThat(value.path("state").asString()).as(job.toString()).isIn("REWARDED", "ATTESTED");
      assertThat(Instant.ofEpochMilli(job.path("finishedOn").asLong()))
          .as("job %s of %s finished after its mint was REWARDED", job.path("id"), token)
          .isAfterOrEqualTo(rewarded.get(token));
      attempts.merge(job.path("attemptsMade").asInt(), 1, Integer::sum);
    }
    System.out.printf(
        "CrashIT: %s; jobs by attemptsMade %s; last REWARDED %s s and last ATTESTED %s s after"
            + " the last restart%n",
        context,
        attempts,
        secondsAfter(lastRestart, rewarded),
        secondsAfter(lastRestart, attested));
    assertThat(attempts.keySet()).as("attemptsMade of the completed jobs").containsOnly(1);
  }

  /** The contract that logs an event, and the topic that holds the event's file id. */
  private record Emitter(String contract, int fileTopic) {}

  private static void assertOncePerFile(
      List<Log> logs, int fileTopic, Map<String, Long> fileOf, String name) {
    Map<BigInteger, Long> perFile =
        logs.stream()
            .collect(
                Collectors.groupingBy(
                    l -> new BigInteger(l.getTopics().get(fileTopic).substring(2), 16),
                    Collectors.counting()));
    assertThat(logs).as("%s events", name).hasSize(MINTS);
    fileOf.forEach(
        (token, file) ->
            assertThat(perFile.get(BigInteger.valueOf(file)))
                .as("%s of %s (file %s)", name, token, file)
                .isEqualTo(1L));
  }

  private static List<Log> logs(Web3j web3, String address, Event event) throws Exception {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameterName.EARLIEST, DefaultBlockParameterName.LATEST, address);
    filter.addSingleTopic(EventEncoder.encode(event));
    EthLog answer = web3.ethGetLogs(filter).send();
    if (answer.hasError()) {
      throw new IllegalStateException("eth_getLogs: " + answer.getError().getMessage());
    }
    return answer.getLogs().stream().map(r -> (Log) r.get()).toList();
  }

  /** FileAdded's only non-indexed field, an ABI string: offset, length, bytes. */
  private static String urlOf(Log fileAdded) {
    String hex = fileAdded.getData().substring(2);
    int length = Integer.parseInt(hex.substring(64, 128), 16);
    return new String(
        HexFormat.of().parseHex(hex.substring(128, 128 + 2 * length)),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  private static long secondsAfter(Instant start, Map<String, Instant> times) {
    return times.values().stream()
        .map(t -> Duration.between(start, t).toSeconds())
        .max(Long::compare)
        .orElse(-1L);
  }

  /** When each token's mint first moved to one of {@code states}, for those that did. */
  private static Map<String, Instant> reachedAt(List<String> states) throws Exception {
    String in = states.stream().map(s -> "'" + s + "'").collect(Collectors.joining(","));
    Map<String, Instant> at = new HashMap<>();
    try (Connection c = TestServices.connect(devnet.database);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT m.token_address, MIN(t.occurred_at) FROM mint_transition t"
                    + " JOIN mint m ON m.id = t.mint_id WHERE t.to_state IN ("
                    + in
                    + ") GROUP BY m.token_address")) {
      while (r.next()) {
        at.put(r.getString(1), r.getTimestamp(2).toInstant());
      }
    }
    return at;
  }

  private static <T> Map<String, T> column(String name, Class<T> type) throws Exception {
    Map<String, T> values = new HashMap<>();
    try (Connection c = TestServices.connect(devnet.database);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT token_address, " + name + " FROM mint")) {
      while (r.next()) {
        values.put(r.getString(1), r.getObject(2, type));
      }
    }
    return values;
  }

  private static long maxTxId() throws Exception {
    return count("SELECT COALESCE(MAX(id), 0) FROM chain_tx");
  }

  /** Transactions stored after {@code txId} that still wait for their receipt. */
  private static long pendingTxsAfter(long txId) throws Exception {
    return count("SELECT COUNT(*) FROM chain_tx WHERE state = 'PENDING' AND id > " + txId);
  }

  private static long count(String sql) throws Exception {
    try (Connection c = TestServices.connect(devnet.database);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
