package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.mint.jobs.LazaiQueues;
import social.gm2.lazai.queue.JobState;
import social.gm2.lazai.queue.Queues;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.NodePeer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator dashboard in a real browser: Debian's chromium, headless, driven by playwright-core
 * ({@code interop/dashboard.js}) against the whole service on the devnet, which has no block
 * explorer. The browser is refused without the key, submits a mint through the page's form, watches
 * it reach ATTESTED with more minted beside it, follows its transaction links to the service's own
 * transaction view, searches and pages the mints, retries a FAILED mint with its button, and leaves
 * a screenshot at {@code target/dashboard-attested.png} (the README's, see docs/images/refresh.sh).
 * The charts' numbers are checked against the database.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class DashboardIT {
  private static final Path SCREENSHOT = Path.of("target/dashboard-attested.png").toAbsolutePath();
  private static ApiDevnet devnet;

  @Autowired JdbcTemplate jdbc;
  @Autowired LazaiQueues jobs;
  @Autowired Queues queues;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    devnet = new ApiDevnet(ApiDevnet.NO_EXPLORER);
    devnet.register(registry);
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  private static final String FILE_TEXT = "a file chosen in the dashboard's file form";

  /** Runs first, so the screenshot shows only what it minted (no other test's rows). */
  @Test
  @org.junit.jupiter.api.Order(1)
  void anOperatorMintsThroughThePageAndWatchesItGetAttested() throws Exception {
    String token = ApiIT.randomToken();
    String fileToken = ApiIT.randomToken();
    String failed = failedMint();
    String recovered = recoveredMint();
    List<String> extras = List.of(ApiIT.randomToken(), ApiIT.randomToken(), ApiIT.randomToken());
    for (int i = 0; i < extras.size(); i++) {
      byte[] data = ("extra mint " + i).getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> accepted =
          devnet.post(
              "/api/v1/mints",
              ApiIT.submission(extras.get(i), "report-" + i + ".txt", data),
              ApiDevnet.KEY);
      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    }
    Files.deleteIfExists(SCREENSHOT);

    NodePeer.Result run =
        NodePeer.run(
                "dashboard.js",
                Map.of(
                    "DASHBOARD_URL",
                    devnet.url("/dashboard"),
                    "DASHBOARD_KEY",
                    ApiDevnet.KEY,
                    "TOKEN",
                    token,
                    "FAILED_TOKEN",
                    failed,
                    "SCREENSHOT",
                    SCREENSHOT.toString(),
                    "TIMEOUT_MS",
                    "120000",
                    "FILE_TOKEN",
                    fileToken,
                    "FILE_TEXT",
                    FILE_TEXT,
                    "EXTRA_TOKENS",
                    String.join(",", extras)),
                "")
            .orThrow();
    JsonNode seen = JsonMapper.builder().build().readTree(run.stdout());

    assertThat(seen.get("anonymous").asString()).isIn("401", "refused");
    assertThat(seen.get("wrongKey").asString()).isIn("401", "refused");
    assertThat(seen.get("status").asInt()).isEqualTo(200);
    assertThat(seen.get("cspViolations").isEmpty()).as(seen.toString()).isTrue();
    assertThat(seen.get("reloaded").asBoolean()).as("the reload script ran").isTrue();
    assertThat(seen.get("headerBackground").asString()).isEqualTo("rgb(243, 243, 243)");
    assertThat(texts(seen.get("sections")))
        .contains("Submit a mint", "Queues", "Mints (newest first)")
        .anyMatch(s -> s.startsWith("Attestation backlog"));
    assertThat(texts(seen.get("queues"))).contains("lazai-mint-dat", "lazai-fetch-attestator");
    assertThat(seen.get("message").asString()).contains("Submitted " + token);
    assertThat(seen.get("uploadMessage").asString()).contains("Submitted " + fileToken);
    assertThat(seen.get("fileState").asString()).isEqualTo("ATTESTED");
    assertThat(
            jdbc.queryForMap(
                "SELECT file_name, dat_amount FROM mint WHERE token_address = ?", fileToken))
        .as("the chosen file's name, and the node's score of exactly its bytes")
        .containsEntry("file_name", "chosen.txt")
        .satisfies(
            row ->
                assertThat(row.get("dat_amount").toString())
                    .isEqualTo(UploadIT.score(FILE_TEXT.getBytes(StandardCharsets.UTF_8))));
    assertThat(seen.get("lastState").asString()).isEqualTo("ATTESTED");
    assertThat(texts(seen.get("timeline")))
        .extracting(s -> s.split(" ")[0])
        .containsExactly(
            "ACCEPTED",
            "ENCRYPTED",
            "UPLOADED",
            "REGISTERED",
            "PROOF_REQUESTED",
            "PROOF_SUBMITTED",
            "REWARDED",
            "ATTESTED");
    List<String> links = new ArrayList<>();
    seen.get("links").forEach(l -> links.add(l.get("text").asString()));
    assertThat(links).containsExactly("register", "proof request", "reward", "attestation");
    String attestationTx =
        jdbc.queryForObject(
            "SELECT attestation_tx_hash FROM mint WHERE token_address = ?", String.class, token);
    assertThat(seen.get("links").get(3).get("href").asString())
        .as("no explorer on the devnet: the service's own transaction view")
        .isEqualTo(devnet.url("/dashboard/tx/" + attestationTx));
    assertThat(seen.get("links").get(3).get("target").asString()).isEmpty();
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
    ownTransactionViews(seen, token, attestationTx);

    assertThat(seen.get("charts").size()).isEqualTo(4);
    seen.get("charts")
        .forEach(
            c -> {
              assertThat(c.get("width").asDouble()).as(c.toString()).isGreaterThan(300);
              assertThat(c.get("height").asDouble()).as(c.toString()).isGreaterThan(100);
              assertThat(c.get("bars").asInt()).as(c.toString()).isGreaterThan(5);
            });
    assertThat(seen.get("funnel").get("ATTESTED").asLong())
        .as("the text, the file, the three extras and the recovered one")
        .isEqualTo(6)
        .isEqualTo(count("SELECT COUNT(*) FROM mint WHERE state = 'ATTESTED'"));
    assertThat(seen.get("funnel").get("FAILED").asLong())
        .as("the failed mint, retried only after the funnel was read")
        .isEqualTo(1);
    searchAndPages(seen, token);

    assertThat(seen.get("failedBefore").asString()).isEqualTo("FAILED");
    assertThat(seen.get("retryMessage").asString()).contains("Retrying " + failed);
    assertThat(seen.get("failedAfter").asString())
        .as("resumed where it failed, or already further")
        .isIn("UPLOADED", "REGISTERED", "PROOF_REQUESTED");

    HttpResponse<String> page = dashboard("/dashboard?reload=false&token=" + recovered);
    assertThat(page.body())
        .contains("recovered after 2 retries")
        .doesNotContain("a failure that passed");
    DashboardChartsCheck.assertChartsMatchTheDatabase(
        jdbc, () -> dashboard("/dashboard?reload=false").body());
  }

  private void ownTransactionViews(JsonNode seen, String token, String attestationTx) {
    String rewardTx =
        jdbc.queryForObject(
            "SELECT reward_tx_hash FROM mint WHERE token_address = ?", String.class, token);
    JsonNode reward = seen.get("rewardView");
    assertThat(reward.get("status").asInt()).isEqualTo(200);
    assertThat(reward.get("hash").asString()).isEqualTo(rewardTx);
    assertThat(reward.get("state").asString())
        .isEqualTo(
            jdbc.queryForObject(
                "SELECT state FROM chain_tx WHERE mined_hash = ?", String.class, rewardTx));
    assertThat(reward.get("purpose").asString()).isNotBlank();
    assertThat(texts(reward.get("uses"))).containsExactly("reward");
    JsonNode attestation = seen.get("attestationView");
    assertThat(attestation.get("status").asInt()).isEqualTo(200);
    assertThat(attestation.get("hash").asString()).isEqualTo(attestationTx);
    assertThat(attestation.get("notSent").asBoolean()).as("the node sent it").isTrue();
    assertThat(texts(attestation.get("uses"))).containsExactly("attestation");
  }

  private void searchAndPages(JsonNode seen, String token) {
    String prefix = token.substring(0, 12);
    assertThat(seen.get("search").get("value").asString()).isEqualTo(prefix);
    assertThat(texts(seen.get("search").get("rows")))
        .contains(token)
        .isEqualTo(
            jdbc.queryForList(
                "SELECT token_address FROM mint WHERE token_address LIKE ? ORDER BY id DESC",
                String.class,
                prefix + "%"));
    assertThat(seen.get("search").get("total").asString())
        .isEqualTo(Integer.toString(seen.get("search").get("rows").size()));
    List<String> newest =
        jdbc.queryForList("SELECT token_address FROM mint ORDER BY id DESC LIMIT 3", String.class);
    long total = count("SELECT COUNT(*) FROM mint");
    JsonNode paged = seen.get("paged");
    assertThat(texts(paged.get("rows"))).containsExactly(newest.get(1));
    assertThat(texts(paged.get("next"))).containsExactly(newest.get(2));
    assertThat(paged.get("total").asLong()).isEqualTo(total);
    assertThat(paged.get("pages").asLong()).isEqualTo(total);
    assertThat(paged.get("pager").asString()).contains("Page 2 of " + total);
    assertThat(seen.get("badSearch").get("status").asInt()).isEqualTo(400);
    assertThat(seen.get("badSearch").get("message").asString())
        .contains("Not shown: token must be 0x and up to 40 hex digits");
  }

  private long count(String sql) {
    return jdbc.queryForObject(sql, Long.class);
  }

  private HttpResponse<String> dashboard(String path) {
    try {
      return devnet.send(
          devnet.request(path).header("Authorization", ApiDevnet.basic("operator", ApiDevnet.KEY)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A minted mint that failed twice on the way (retryable failures), as the runner leaves one. */
  private String recoveredMint() {
    String token = ApiIT.randomToken();
    jdbc.update(
        "INSERT INTO mint (token_address, file_name, state, attempts, last_error)"
            + " VALUES (?, 'recovered.txt', 'ATTESTED', 2, 'a failure that passed')",
        token);
    return token;
  }

  @Test
  void aFileFormPostedFromThePageSubmitsTheFileAndABadOneShowsWhy() throws Exception {
    String token = ApiIT.randomToken();
    byte[] form =
        MultipartReaderTest.form(
            "",
            MultipartReaderTest.part("tokenAddress", null, token.getBytes(StandardCharsets.UTF_8)),
            MultipartReaderTest.part("file", "photo.jpg", new byte[] {1, 2, 3, 4}),
            MultipartReaderTest.part("fileName", null, new byte[0]));
    HttpResponse<String> page =
        devnet.send(
            devnet
                .request("/dashboard?reload=false")
                .header("Authorization", ApiDevnet.basic("operator", ApiDevnet.KEY)));
    assertThat(page.body())
        .contains("action=\"/dashboard/uploads\" enctype=\"multipart/form-data\"")
        .contains("type=\"file\"");

    HttpResponse<String> forged = postFile(form, "http://evil.example");
    assertThat(forged.statusCode()).isEqualTo(403);
    HttpResponse<String> submitted = postFile(form, "http://127.0.0.1:" + devnet.port);
    assertThat(submitted.statusCode()).isEqualTo(303);
    assertThat(submitted.headers().firstValue("Location").orElseThrow())
        .contains("Submitted+" + token);
    assertThat(
            jdbc.queryForObject(
                "SELECT file_name FROM mint WHERE token_address = ?", String.class, token))
        .as("the file's own name when fileName is left empty")
        .isEqualTo("photo.jpg");

    String other = ApiIT.randomToken();
    HttpResponse<String> empty =
        postFile(
            MultipartReaderTest.form(
                "",
                MultipartReaderTest.part(
                    "tokenAddress", null, other.getBytes(StandardCharsets.UTF_8)),
                MultipartReaderTest.part("file", "", new byte[0])),
            "http://127.0.0.1:" + devnet.port);
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("Not submitted: file is empty");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM mint WHERE token_address = ?", Integer.class, other))
        .isZero();
  }

  private HttpResponse<String> postFile(byte[] form, String origin) throws Exception {
    return devnet.send(
        devnet
            .request("/dashboard/uploads")
            .header("Authorization", ApiDevnet.basic("operator", ApiDevnet.KEY))
            .header("Origin", origin)
            .header("Content-Type", "multipart/form-data; boundary=" + MultipartReaderTest.BOUNDARY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(form)));
  }

  @Test
  void aFormPostedFromAnotherSiteIsRefusedEvenWithTheKey() throws Exception {
    String failed = failedMint();
    HttpResponse<String> forged =
        devnet.send(
            devnet
                .request("/dashboard/mints/" + failed + "/retry")
                .header("Authorization", ApiDevnet.basic("operator", ApiDevnet.KEY))
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(state(failed)).isEqualTo("FAILED");

    HttpResponse<String> sameSite =
        devnet.send(
            devnet
                .request("/dashboard/mints/" + failed + "/retry")
                .header("Authorization", ApiDevnet.basic("operator", ApiDevnet.KEY))
                .header("Origin", "http://127.0.0.1:" + devnet.port)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(sameSite.statusCode()).isEqualTo(303);
    assertThat(state(failed)).isIn("UPLOADED", "REGISTERED", "PROOF_REQUESTED");
  }

  @Test
  void theTransactionViewNeedsTheKeyAndAnswersBadAndUnknownHashes() throws Exception {
    String unknown = "0x" + "ab".repeat(32);
    assertThat(devnet.get("/dashboard/tx/" + unknown).statusCode()).isEqualTo(401);
    HttpResponse<String> missing = dashboard("/dashboard/tx/" + unknown);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("The service knows no transaction " + unknown);
    assertThat(missing.headers().firstValue("Content-Security-Policy").orElseThrow())
        .startsWith("default-src 'none'");
    HttpResponse<String> bad = dashboard("/dashboard/tx/0x12");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("0x followed by 64 hex digits");
  }

  @Test
  void withoutTheKeyTheDashboardChallengesForBasicAuth() throws Exception {
    HttpResponse<String> anonymous = devnet.get("/dashboard");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Basic");
    assertThat(anonymous.body()).doesNotContain("<table");
    HttpResponse<String> wrong =
        devnet.send(
            devnet
                .request("/dashboard")
                .header("Authorization", ApiDevnet.basic("operator", ApiDevnet.KEY + "x")));
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> post =
        devnet.send(
            devnet
                .request("/dashboard/mints")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("tokenAddress=" + ApiIT.randomToken())));
    assertThat(post.statusCode()).isEqualTo(401);
  }

  @Test
  void aFailedQueueJobIsListedWithItsReasonButNeverItsData() throws Exception {
    String token = ApiIT.randomToken();
    String plaintext = "queued plaintext that must stay hidden";
    String id = jobs.enqueueMint(token, "bad/name.txt", plaintext.getBytes(StandardCharsets.UTF_8));
    Await.until(
        Duration.ofSeconds(30),
        () -> queues.queue(LazaiQueues.MINT_DAT).job(id).orElseThrow().state(),
        s -> s == JobState.FAILED);

    HttpResponse<String> page =
        devnet.send(
            devnet
                .request("/dashboard?reload=false")
                .header("Authorization", ApiDevnet.basic("operator", ApiDevnet.KEY)));
    String failedJobs = page.body().substring(page.body().indexOf("id=\"failed-jobs\""));
    assertThat(failedJobs)
        .contains("<td>lazai-mint-dat</td><td>" + id + "</td><td><code>" + token + "</code>")
        .contains("fileName must be a plain file name")
        .contains("no mint");
    assertThat(page.body())
        .doesNotContain(plaintext)
        .doesNotContain("privacyData\":")
        .doesNotContain("113,117,101,117,101,100");
  }

  @Test
  void theDashboardEscapesWhatItShows() throws Exception {
    String token = ApiIT.randomToken();
    jdbc.update(
        "INSERT INTO mint (token_address, file_name, state, next_attempt_at)"
            + " VALUES (?, '<img src=x onerror=alert(1)>', 'FAILED', ?)",
        token,
        Timestamp.from(Instant.now()));
    HttpResponse<String> page =
        devnet.send(
            devnet
                .request("/dashboard?message=%3Cscript%3Ex%3C/script%3E")
                .header("Authorization", ApiDevnet.basic("operator", ApiDevnet.KEY)));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain("<img")
        .contains("&lt;script&gt;x&lt;/script&gt;")
        .doesNotContain(ApiDevnet.KEY);
  }

  private String state(String token) {
    return jdbc.queryForObject(
        "SELECT state FROM mint WHERE token_address = ?", String.class, token);
  }

  private String failedMint() {
    return ApiDevnet.failedAfterUpload(jdbc);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }
}
