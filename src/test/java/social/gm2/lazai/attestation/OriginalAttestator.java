package social.gm2.lazai.attestation;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import social.gm2.lazai.support.PeerProcess;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The original service's attestation processors ({@code interop/original-attestator.js}) as a
 * running Node process with its own database and queue prefix, and what it reported: when it wrote
 * each token's attestation, and its cron runs.
 */
final class OriginalAttestator implements AutoCloseable {
  /** An attestation the original wrote: when (epoch ms), which tx, which block. */
  record Attested(long atMillis, String txHash, long block) {}

  /**
   * A cron run: when (epoch ms), how many rows it added a fetch job for, and how many fetch jobs of
   * earlier runs were still waiting or active when it started.
   */
  record CronRun(long atMillis, int enqueued, int backlog) {}

  final Map<String, Attested> attested = new ConcurrentHashMap<>();
  final List<CronRun> cronRuns = new CopyOnWriteArrayList<>();
  private final PeerProcess peer;
  private final Thread reader;

  private OriginalAttestator(PeerProcess peer) {
    this.peer = peer;
    this.reader = new Thread(this::read, "original-attestator-output");
    reader.setDaemon(true);
  }

  static OriginalAttestator start(
      String rpcUrl, String verifiedComputing, String database, String prefix, long cronMs)
      throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("RPC_URL", rpcUrl);
    env.put("VERIFIED_COMPUTING", verifiedComputing);
    env.put("MYSQL_HOST", TestServices.mariadbHost());
    env.put("MYSQL_PORT", Integer.toString(TestServices.mariadbPort()));
    env.put("MYSQL_USER", TestServices.mariadbUser());
    env.put("MYSQL_PASSWORD", TestServices.mariadbPassword());
    env.put("MYSQL_DATABASE", database);
    env.put("TEST_REDIS_HOST", TestServices.redisHost());
    env.put("TEST_REDIS_PORT", Integer.toString(TestServices.redisPort()));
    env.put("QUEUE_PREFIX", prefix);
    env.put("ORIGINAL_CRON_MS", Long.toString(cronMs));
    env.put("BULLMQ", "5");
    OriginalAttestator original =
        new OriginalAttestator(PeerProcess.node("original-attestator.js", env));
    try {
      JsonNode ready = original.peer.answer();
      if (!ready.path("ready").asBoolean(false)) {
        throw new IllegalStateException("original-attestator.js said " + ready);
      }
    } catch (IOException | RuntimeException e) {
      original.close();
      throw e;
    }
    original.reader.start();
    return original;
  }

  private void read() {
    JsonMapper json = JsonMapper.shared();
    try {
      for (String line = peer.output().readLine(); line != null; line = peer.output().readLine()) {
        JsonNode event = json.readTree(line);
        if (event.has("attested")) {
          attested.putIfAbsent(
              event.get("attested").asString().toLowerCase(java.util.Locale.ROOT),
              new Attested(
                  event.get("at").asLong(),
                  event.get("tx").asString(),
                  event.get("block").asLong()));
        } else if (event.has("cron")) {
          cronRuns.add(
              new CronRun(
                  event.get("cron").asLong(),
                  event.get("enqueued").asInt(),
                  event.get("backlog").asInt()));
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("original-attestator.js output unreadable: " + e);
    }
  }

  /** What the Node process wrote on its standard error (failed jobs, errors). */
  String problems() throws IOException {
    return peer.stderr();
  }

  /** Closes its input: the process closes its workers, queues and pool, and exits. */
  @Override
  public void close() {
    peer.close();
    try {
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
