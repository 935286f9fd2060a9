package social.gm2.lazai;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.chain.web3j.contracts.VerifiedComputing;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.BullPeer;
import social.gm2.lazai.support.DevnetActor;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.OriginalSchema;
import social.gm2.lazai.support.ServiceDevnet;
import social.gm2.lazai.support.ServiceJar;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replacing the running Node service as its operators will: the same MariaDB and Redis, the Node
 * worker stopped, the packaged jar started. The original's state is built as the original built it:
 * its tables from its TypeORM DDL; tokens really minted on the devnet (file, proof job completed by
 * the node, proof, reward) with their {@code LazAIMintDAT} rows in mixed case, some attested and
 * some not (one whose {@code JobComplete} lies far outside the original's 100-block window); its
 * repeatable cron job added by Node {@code bullmq} 5; then {@code lazai-mint-dat} jobs from Node
 * {@code bullmq} for those tokens (in another case) and for new ones. Afterwards: no chain
 * transaction for a legacy token (counted from the chain's logs), each new token minted once, the
 * unattested legacy rows attested through verified tracking (their logs lie before where the poller
 * starts), every original column unchanged but the attestation ones, and the repeatable job gone.
 */
class MigrationIT {
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final int NEW_TOKENS = 4;
  private static final String NODE_KEY = HardhatNode.KEYS.get(1);

  /** The original service's wallet (Hardhat key #3): not the one this service uses. */
  private static final String ORIGINAL_KEY = HardhatNode.KEYS.get(3);

  /** A token the original minted, as its row holds it. */
  private record Legacy(
      String token,
      BigInteger fileId,
      BigInteger jobId,
      String rewardTx,
      long rewardBlock,
      String completeTx,
      long completeBlock,
      boolean attested) {}

  @Test
  void replacesTheNodeServiceWithoutASecondMint() throws Exception {
    try (ServiceDevnet devnet = new ServiceDevnet()) {
      Web3j web3 = Web3j.build(new HttpService(devnet.chain.url()));
      try {
        run(devnet, web3);
      } finally {
        web3.shutdown();
      }
    }
  }

  private void run(ServiceDevnet devnet, Web3j web3) throws Exception {
    OriginalSchema.create(devnet.database);
    DevnetActor original =
        new DevnetActor(
            web3, ORIGINAL_KEY, devnet.devnet.dataRegistry(), devnet.devnet.verifiedComputing());
    DevnetActor node =
        new DevnetActor(
            web3, NODE_KEY, devnet.devnet.dataRegistry(), devnet.devnet.verifiedComputing());
    List<Legacy> legacy = new ArrayList<>();
    // In the cases the original's producers sent (EIP-55 checksummed, lower, upper); attested,
    // not attested, and one whose JobComplete lies 150 blocks before its reward (outside the
    // original's window for good).
    String[] tokens = {
      org.web3j.crypto.Keys.toChecksumAddress("0xaaaa0000000000000000000000000000000a1b2c"),
      "0xbbbb0000000000000000000000000000000b1b2c",
      "0xCCCC0000000000000000000000000000000C1B2C",
      org.web3j.crypto.Keys.toChecksumAddress("0xdddd0000000000000000000000000000000d1b2c")
    };
    for (int i = 0; i < tokens.length; i++) {
      legacy.add(
          mintAsTheOriginal(devnet, original, node, tokens[i], i % 2 == 0, i == 3 ? 150 : 0));
    }
    insertRows(devnet.database, legacy);
    Map<String, String> definitions = OriginalSchema.definitions(devnet.database);
    List<Map<String, String>> rowsBefore = OriginalSchema.mintRows(devnet.database);

    String prefix = TestServices.queuePrefix(devnet.database);
    JsonNode scheduled = addOriginalCron(prefix);
    assertThat(scheduled.path("repeatable")).hasSize(1);

    BullPeer mintQueue = new BullPeer(prefix, "lazai-mint-dat");
    List<BullPeer.Job> jobs = new ArrayList<>();
    List<String> newTokens = new ArrayList<>();
    for (Legacy l : legacy) {
      jobs.add(mintJob(flipCase(l.token())));
    }
    for (int i = 0; i < NEW_TOKENS; i++) {
      String token = String.format("0x%040x", 0xee0000L + i);
      newTokens.add(token);
      jobs.add(mintJob(token));
    }
    List<String> ids = mintQueue.add(jobs);
    long before = head(web3);

    Map<String, Object> properties = new LinkedHashMap<>(devnet.properties());
    properties.put("lazai.attestation.confirmations", "0");
    properties.put("lazai.attestation.poll-interval", "500ms");
    // The poller starts after every legacy JobComplete, as on a real chain where it starts near
    // the head: the unattested legacy rows are attested by the targeted checks, the one 150 blocks
    // before its reward only by the long search for imported mints.
    properties.put("lazai.attestation.start-block", Long.toString(before + 1));
    try (ServiceJar service = ServiceJar.start("migration", properties, Map.of())) {
      JsonNode done =
          Await.until(
              Duration.ofSeconds(120),
              () -> mintQueue.jobs(ids),
              answer -> settled(answer) && attested(devnet.database, legacy));
      for (JsonNode job : done.path("jobs")) {
        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("completed");
      }
      for (int i = 0; i < legacy.size(); i++) {
        JsonNode value = done.path("jobs").get(i).path("returnvalue");
        JsonNode result = value.isString() ? JSON.readTree(value.asString()) : value;
        assertThat(result.path("state").asString()).isIn("REWARDED", "ATTESTED");
        assertThat(result.path("jobId").asString()).isEqualTo(legacy.get(i).jobId().toString());
      }

      // Zero chain writes for the legacy tokens, exactly one mint per new token.
      long after = head(web3);
      assertThat(
              logs(web3, devnet.devnet.dataRegistry(), DataRegistry.FILEADDED_EVENT, before, after))
          .isEqualTo(NEW_TOKENS);
      assertThat(
              logs(
                  web3,
                  devnet.devnet.verifiedComputing(),
                  VerifiedComputing.JOBSUBMITTED_EVENT,
                  before,
                  after))
          .isEqualTo(NEW_TOKENS);
      assertThat(
              logs(
                  web3,
                  devnet.devnet.dataRegistry(),
                  DataRegistry.REWARDREQUESTED_EVENT,
                  before,
                  after))
          .isEqualTo(NEW_TOKENS);
      Map<String, Object> db = query(devnet.database);
      assertThat(db.get("legacyIntents")).isEqualTo(0L);
      assertThat(db.get("newMinted")).isEqualTo((long) NEW_TOKENS);
      assertThat(db.get("newFiles")).isEqualTo((long) NEW_TOKENS);
      assertThat(db.get("imported")).isEqualTo((long) legacy.size());

      // The original's columns are unchanged, but for the attestation its rows lacked.
      List<Map<String, String>> rowsAfter = OriginalSchema.mintRows(devnet.database);
      for (int i = 0; i < legacy.size(); i++) {
        Legacy l = legacy.get(i);
        Map<String, String> expected = new HashMap<>(rowsBefore.get(i));
        if (!l.attested()) {
          expected.put("attestator", node.address());
          expected.put("attestatorHash", l.completeTx());
          expected.put("attestatorBlockNumber", Long.toString(l.completeBlock()));
        }
        Map<String, String> actual = new HashMap<>(rowsAfter.get(i));
        if (actual.get("attestator") != null) {
          actual.put("attestator", actual.get("attestator").toLowerCase());
        }
        expected.put(
            "attestator",
            expected.get("attestator") == null ? null : expected.get("attestator").toLowerCase());
        assertThat(actual).as(l.token()).isEqualTo(expected);
      }
      // The new tokens' rows: written once, fileId and jobId set.
      assertThat(rowsAfter).hasSize(legacy.size() + NEW_TOKENS);
      for (Map<String, String> row : rowsAfter.subList(legacy.size(), rowsAfter.size())) {
        assertThat(row.get("fileId")).isNotBlank();
        assertThat(row.get("jobId")).isNotBlank();
      }
      assertThat(OriginalSchema.definitions(devnet.database)).isEqualTo(definitions);

      // The original's repeatable job and its pending run are gone, as Node sees the queue.
      JsonNode cron = repeatables(prefix);
      assertThat(cron.path("repeatable")).isEmpty();
      assertThat(cron.path("delayed").toString()).doesNotContain("repeat:");
      assertThat(service.logTail(2000)).contains("removed the original service's repeatable job");

      // The API says imported; the badge answers for an imported token.
      String view = get(service.url() + "/api/v1/mints/" + legacy.get(1).token());
      assertThat(view).contains("\"imported\":true").contains("\"state\":\"ATTESTED\"");
      assertThat(get(service.url() + "/api/v1/tokens/" + legacy.get(0).token() + "/badge.json"))
          .contains("\"attested\":true");
    }
  }

  /**
   * The original's flow on chain, with its own wallet: file, proof job (completed by the node),
   * proof and reward; {@code gap} blocks between the job's completion and the reward.
   */
  private static Legacy mintAsTheOriginal(
      ServiceDevnet devnet,
      DevnetActor original,
      DevnetActor node,
      String token,
      boolean attested,
      int gap)
      throws Exception {
    String url = "https://gateway.pinata.cloud/ipfs/legacy-" + token + "?download=true";
    BigInteger fileId = original.addFile(url);
    BigInteger jobId = original.requestProof(fileId);
    TransactionReceipt complete = node.completeJob(jobId);
    BigInteger index = DevnetActor.proofIndex(node.addProof(fileId, url, 80));
    if (gap > 0) {
      devnet.chain.rpc("hardhat_mine", "\"0x" + Integer.toHexString(gap) + "\"");
    }
    TransactionReceipt reward = original.requestReward(fileId, index);
    return new Legacy(
        token,
        fileId,
        jobId,
        reward.getTransactionHash(),
        reward.getBlockNumber().longValueExact(),
        complete.getTransactionHash(),
        complete.getBlockNumber().longValueExact(),
        attested);
  }

  private static void insertRows(String database, List<Legacy> legacy) throws Exception {
    try (Connection c = TestServices.connect(database);
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO LazAIMintDAT (tokenAddress, fileId, jobId, transactionHash,"
                    + " blockNumber, attestator, attestatorHash, attestatorBlockNumber)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Legacy l : legacy) {
        s.setString(1, l.token());
        s.setString(2, l.fileId().toString());
        s.setString(3, l.jobId().toString());
        s.setString(4, l.rewardTx());
        s.setLong(5, l.rewardBlock());
        // As the original stored them: the node's checksummed address from ethers.
        s.setString(6, l.attested() ? checksummed(HardhatNode.KEYS.get(1)) : null);
        s.setString(7, l.attested() ? l.completeTx() : null);
        if (l.attested()) {
          s.setLong(8, l.completeBlock());
        } else {
          s.setNull(8, java.sql.Types.INTEGER);
        }
        s.executeUpdate();
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO Project (creatorAddress, tokenAddress, blockNumber, blockTimestamp,"
                  + " isAIAttested) VALUES ('0x22', ?, 1, 1700000000, ?)")) {
        for (Legacy l : legacy) {
          p.setString(1, l.token());
          p.setInt(2, l.attested() ? 1 : 0);
          p.executeUpdate();
        }
      }
    }
  }

  private static String checksummed(String key) {
    return org.web3j.crypto.Keys.toChecksumAddress(
        org.web3j.crypto.Credentials.create(key).getAddress());
  }

  /** The original's cron, as it scheduled it with bullmq 5. */
  private static JsonNode addOriginalCron(String prefix) throws Exception {
    ObjectNode command = JSON.createObjectNode();
    command.put("cmd", "repeat").put("version", "5").put("prefix", prefix);
    command.put("queue", "lazai-cron-fetch-attestator");
    ArrayNode jobs = command.putArray("jobs");
    ObjectNode job = jobs.addObject();
    job.put("name", "lazai-cron-fetch-attestator");
    job.putObject("data");
    ObjectNode opts = job.putObject("opts");
    opts.putObject("repeat").put("every", 300000);
    opts.put("removeOnComplete", true).put("removeOnFail", true);
    return BullPeer.run(command);
  }

  private static JsonNode repeatables(String prefix) throws Exception {
    ObjectNode command = JSON.createObjectNode();
    command.put("cmd", "repeatables").put("version", "5").put("prefix", prefix);
    command.put("queue", "lazai-cron-fetch-attestator");
    return BullPeer.run(command);
  }

  private static BullPeer.Job mintJob(String token) {
    ObjectNode data = JSON.createObjectNode();
    data.put("tokenAddress", token).put("fileName", "memes.txt");
    ArrayNode bytes = data.putArray("privacyData");
    for (byte b : ("private data of " + token).getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      bytes.add(b & 0xff);
    }
    ObjectNode opts = JSON.createObjectNode();
    opts.put("attempts", 3);
    opts.putObject("backoff").put("type", "exponential").put("delay", 1000);
    return new BullPeer.Job("lazai-mint-dat", data, opts);
  }

  /** The same address in another case that a producer may send: lower, or checksummed. */
  private static String flipCase(String token) {
    String lower = token.toLowerCase();
    return token.equals(lower) ? org.web3j.crypto.Keys.toChecksumAddress(lower) : lower;
  }

  private static boolean settled(JsonNode answer) {
    for (JsonNode job : answer.path("jobs")) {
      String state = job.path("state").asString();
      if (!state.equals("completed") && !state.equals("failed")) {
        return false;
      }
    }
    return true;
  }

  private static boolean attested(String database, List<Legacy> legacy) {
    try (Connection c = TestServices.connect(database);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT COUNT(*) FROM mint WHERE imported_at IS NOT NULL AND state = 'ATTESTED'");
        var rs = s.executeQuery()) {
      rs.next();
      return rs.getLong(1) == legacy.size();
    } catch (java.sql.SQLException e) {
      return false;
    }
  }

  private static Map<String, Object> query(String database) throws Exception {
    Map<String, Object> out = new HashMap<>();
    try (Connection c = TestServices.connect(database);
        var s = c.createStatement()) {
      out.put(
          "legacyIntents",
          count(
              s,
              "SELECT COUNT(*) FROM chain_tx t JOIN mint m"
                  + " ON t.intent_key LIKE CONCAT('mint ', m.token_address, '%')"
                  + " WHERE m.imported_at IS NOT NULL"));
      out.put(
          "newMinted",
          count(
              s,
              "SELECT COUNT(*) FROM mint WHERE imported_at IS NULL"
                  + " AND state IN ('REWARDED', 'ATTESTED')"));
      out.put(
          "newFiles",
          count(s, "SELECT COUNT(DISTINCT file_id) FROM mint" + " WHERE imported_at IS NULL"));
      out.put("imported", count(s, "SELECT COUNT(*) FROM mint WHERE imported_at IS NOT NULL"));
    }
    return out;
  }

  private static long count(java.sql.Statement s, String sql) throws Exception {
    try (var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long head(Web3j web3) throws Exception {
    return web3.ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  /** How many logs of {@code event} the contract emitted in blocks {@code (after, to]}. */
  private static int logs(Web3j web3, String contract, Event event, long after, long to)
      throws Exception {
    var filter =
        new org.web3j.protocol.core.methods.request.EthFilter(
            org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(after + 1)),
            org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
            contract);
    filter.addSingleTopic(EventEncoder.encode(event));
    var answer = web3.ethGetLogs(filter).send();
    if (answer.hasError()) {
      throw new AssertionError("eth_getLogs: " + answer.getError().getMessage());
    }
    return answer.getLogs().size();
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
    return response.body();
  }
}
