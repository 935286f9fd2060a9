package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.support.RawHttp;
import social.gm2.lazai.support.TestServices;

/**
 * Every protected route, spelled a dozen ways that a router may read differently from the raw path,
 * sent over a plain socket without a key: each answer is 400 (refused before routing) or 401. The
 * canonical spellings with the key reach their handlers, so the test would see a bypass. Plus the
 * Basic rules, deny-by-default for unknown paths and methods, and the security headers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiSecurityIT {
  private static final String KEY = "security-it-key-" + java.util.UUID.randomUUID();
  private static final String DATABASE = TestServices.createDatabase();
  private static final String PROVIDER_KEY = "pRoViDeR" + java.util.UUID.randomUUID();

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    TestServices.register(registry, DATABASE);
    // Nothing here needs the chain: a dead endpoint (the pipeline retries in the background).
    registry.add("lazai.chain.rpc-url", () -> "http://127.0.0.1:9/v2/" + PROVIDER_KEY);
    registry.add("lazai.api.keys", () -> KEY);
    registry.add("lazai.storage.provider", () -> "local");
    registry.add(
        "lazai.storage.local.directory",
        () -> System.getProperty("java.io.tmpdir") + "/security-it-" + DATABASE);
  }

  @AfterAll
  static void drop() {
    TestServices.dropDatabase(DATABASE);
  }

  /** A protected route: its canonical path, what it sends, and its answer with the key. */
  private record Route(String method, String path, String contentType, String body, int ok) {}

  private List<Route> routes() {
    String failed = failedMint();
    String failedForDashboard = failedMint();
    String withoutFile = failedMint();
    return List.of(
        new Route(
            "POST",
            "/api/v1/mints",
            "application/json",
            "{\"tokenAddress\":\""
                + ApiIT.randomToken()
                + "\",\"fileName\":\"a.txt\",\"privacyData\":[1,2,3]}",
            202),
        new Route("POST", "/api/v1/mints", FORM, form(ApiIT.randomToken()), 202),
        new Route(
            "POST",
            "/api/v1/mints?tokenAddress=" + ApiIT.randomToken(),
            "application/octet-stream",
            "hello",
            202),
        new Route("POST", "/api/v1/mints/" + failed + "/retry", null, "", 202),
        // With the key: refused only because the mint has no file yet.
        new Route("POST", "/api/v1/mints/" + withoutFile + "/permission", null, "", 409),
        new Route("GET", "/api/v1/mints", null, null, 200),
        new Route("GET", "/api/v1/queues", null, null, 200),
        new Route("GET", "/api/v1/webhooks/deliveries", null, null, 200),
        new Route("GET", "/dashboard", null, null, 200),
        new Route(
            "POST",
            "/dashboard/mints",
            "application/x-www-form-urlencoded",
            "tokenAddress=" + ApiIT.randomToken() + "&fileName=a.txt&privacyData=hello",
            303),
        new Route("POST", "/dashboard/mints/" + failedForDashboard + "/retry", null, "", 303),
        new Route("POST", "/dashboard/uploads", FORM, form(ApiIT.randomToken()), 303),
        // With the key: an unknown transaction.
        new Route("GET", "/dashboard/tx/0x" + "ab".repeat(32), null, null, 404),
        new Route("GET", "/admin/queues", null, null, 200),
        new Route("GET", "/admin/queues/queue/lazai-mint-dat", null, null, 200),
        new Route("GET", "/admin/queues/api/queues", null, null, 200),
        new Route("GET", "/admin/queues/static/images/logo.svg", null, null, 200),
        new Route(
            "PUT", "/admin/queues/api/queues/lazai-cron-fetch-attestator/pause", null, "", 200),
        new Route(
            "PUT", "/admin/queues/api/queues/lazai-cron-fetch-attestator/resume", null, "", 200),
        new Route(
            "PUT", "/admin/queues/api/queues/lazai-cron-fetch-attestator/promote", null, "", 200),
        new Route(
            "PUT", "/admin/queues/api/queues/lazai-mint-dat/no-such-job/clean", null, "", 404),
        new Route("POST", "/admin/queues/api/queues/lazai-mint-dat/add", null, "", 501),
        new Route("GET", "/actuator/prometheus", null, null, 200));
  }

  private static final String FORM =
      "multipart/form-data; boundary=" + MultipartReaderTest.BOUNDARY;

  /** A multipart mint of a small text file. */
  private static String form(String token) {
    return new String(
        MultipartReaderTest.form(
            "",
            MultipartReaderTest.part(
                "tokenAddress", null, token.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            MultipartReaderTest.part(
                "file", "a.txt", "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The ways to spell {@code path} that a raw-path check and a router could read differently. */
  static Set<String> spellings(String path) {
    String[] segments = path.substring(1).split("/");
    String first = segments[0];
    String rest = path.substring(1 + first.length());
    String last = segments[segments.length - 1];
    String head = path.substring(0, path.length() - last.length());
    Set<String> out = new LinkedHashSet<>();
    out.add(path + ";");
    out.add("/" + first + ";" + rest);
    out.add(path + ";jsessionid=x");
    out.add("/" + first + ";jsessionid=x" + rest);
    out.add(rest.isEmpty() ? "/%2F" + first : "/" + first + "%2F" + rest.substring(1));
    out.add(rest.isEmpty() ? "/%2f" + first : "/" + first + "%2f" + rest.substring(1));
    out.add("/" + first + "/%2e" + rest);
    out.add("/" + first + "/x/%2E%2E" + rest);
    out.add("/" + first + "/x/%2e%2e" + rest);
    out.add(String.format("/%%%02x", (int) first.charAt(0)) + first.substring(1) + rest);
    out.add(head + String.format("%%%02X", (int) last.charAt(0)) + last.substring(1));
    out.add(path.replace("v1", "v%31"));
    out.add("/" + path);
    out.add("/" + first + "/" + rest);
    out.add(path + "/");
    out.add(path + "//");
    out.add("/" + first.toUpperCase() + rest);
    out.add(head + last.toUpperCase());
    out.add("/" + first + "/x/.." + rest);
    out.add("/" + first + "/." + rest);
    out.add("/x/../" + path.substring(1));
    out.add(path + "/.");
    out.add(rest.isEmpty() ? "/\\" + first : "/" + first + "\\" + rest.substring(1));
    out.add(path + "%00");
    return out;
  }

  @Test
  void everySpellingOfAProtectedRouteWithoutAKeyIsRefused() throws Exception {
    List<String> bypasses = new ArrayList<>();
    int sent = 0;
    for (Route route : routes()) {
      Set<String> paths = spellings(route.path());
      paths.add(route.path());
      for (String path : paths) {
        RawHttp.Answer answer = send(route, path, Map.of());
        sent++;
        if (answer.status() != 400 && answer.status() != 401) {
          bypasses.add(route.method() + " " + path + " -> " + answer.status());
        }
      }
    }
    assertThat(bypasses).as("answers other than 400/401 without a key").isEmpty();
    assertThat(sent).isGreaterThan(8 * 20);
  }

  @Test
  void theCanonicalRoutesWithTheKeyReachTheirHandlers() throws Exception {
    for (Route route : routes()) {
      RawHttp.Answer answer = send(route, route.path(), Map.of("X-API-Key", KEY));
      assertThat(answer.status()).as(route.method() + " " + route.path()).isEqualTo(route.ok());
    }
  }

  @Test
  void ambiguousSpellingsAreRefusedBeforeRoutingEvenWithTheKey() throws Exception {
    for (String path :
        List.of("/api/v1;/mints", "/api/v%31/mints", "/%64ashboard", "/api/v1/x/../mints")) {
      RawHttp.Answer answer = RawHttp.send(port, "GET", path, Map.of("X-API-Key", KEY), null);
      assertThat(answer.status()).as(path).isEqualTo(400);
      assertThat(answer.header("Content-Type")).as(path).startsWith("application/problem+json");
      assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }
  }

  @Test
  void basicIsTakenOnTheDashboardOnlyAndTheApiTakesTheHeader() throws Exception {
    String basic = ApiDevnet.basic("operator", KEY);
    assertThat(get("/api/v1/queues", Map.of("Authorization", basic)).status()).isEqualTo(401);
    assertThat(get("/api/v1/mints", Map.of("Authorization", basic)).status()).isEqualTo(401);
    assertThat(get("/actuator/prometheus", Map.of("Authorization", basic)).status()).isEqualTo(401);
    RawHttp.Answer dashboard = get("/dashboard", Map.of("Authorization", basic));
    assertThat(dashboard.status()).isEqualTo(200);
    RawHttp.Answer board = get("/admin/queues/api/queues", Map.of("Authorization", basic));
    assertThat(board.status()).isEqualTo(200);
    assertThat(board.body()).contains("\"lazai-mint-dat\"");
    RawHttp.Answer boardPage = get("/admin/queues", Map.of("Authorization", basic));
    assertThat(boardPage.status()).isEqualTo(200);
    assertThat(boardPage.body()).contains("<base href=\"/admin/queues/\"").doesNotContain("<%");
    assertThat(boardPage.header("Content-Security-Policy"))
        .isEqualTo(SecurityHeadersFilter.BULL_BOARD_POLICY);
    assertThat(get("/admin/queues/api/queues", Map.of()).status()).isEqualTo(401);
    RawHttp.Answer challenge = get("/dashboard", Map.of());
    assertThat(challenge.status()).isEqualTo(401);
    assertThat(challenge.header("WWW-Authenticate")).startsWith("Basic ");
    assertThat(get("/api/v1/queues", Map.of()).header("WWW-Authenticate")).isNull();
    RawHttp.Answer crossSite =
        RawHttp.send(
            port,
            "POST",
            "/dashboard/mints",
            Map.of(
                "Authorization",
                basic,
                "Origin",
                "https://evil.example",
                "Content-Type",
                "application/x-www-form-urlencoded"),
            "tokenAddress=x");
    assertThat(crossSite.status()).isEqualTo(403);
    RawHttp.Answer crossSitePause =
        RawHttp.send(
            port,
            "PUT",
            "/admin/queues/api/queues/lazai-mint-dat/pause",
            Map.of("Authorization", basic, "Origin", "https://evil.example"),
            "");
    assertThat(crossSitePause.status()).isEqualTo(403);
    RawHttp.Answer noJob =
        RawHttp.send(
            port,
            "PUT",
            "/admin/queues/api/queues/lazai-mint-dat/no-such-job/promote",
            Map.of("Authorization", basic),
            "");
    assertThat(noJob.status()).isEqualTo(404);
    assertThat(noJob.header("Content-Type")).startsWith("application/problem+json");
    // Bull Board's UI shows a failed action's error and message.
    assertThat(noJob.body())
        .contains("\"error\":\"Not Found\"")
        .contains("\"message\":\"There is no job no-such-job in lazai-mint-dat.\"");
  }

  @Test
  void everythingButThePublicReadsNeedsAKey() throws Exception {
    String token = ApiIT.randomToken();
    assertThat(get("/api/v1/mints/" + token, Map.of()).status()).isEqualTo(404);
    assertThat(get("/api/v1/tokens/" + token + "/badge.svg", Map.of()).status()).isEqualTo(200);
    assertThat(get("/api/v1/tokens/" + token + "/badge.json", Map.of()).status()).isEqualTo(200);
    assertThat(get("/v3/api-docs", Map.of()).status()).isEqualTo(200);
    assertThat(get("/swagger-ui/index.html", Map.of()).status()).isEqualTo(200);
    assertThat(get("/actuator/health", Map.of()).status()).isIn(200, 503);
    RawHttp.Answer healthz = get("/healthz", Map.of());
    assertThat(healthz.status()).isIn(200, 503);
    assertThat(healthz.body()).contains("\"status\"").doesNotContain("components");
    assertThat(get("/ipfs/bafkqaaa", Map.of()).status()).as("not refused").isIn(200, 400, 404);
    for (String[] request :
        List.of(
            new String[] {"OPTIONS", "/api/v1/mints"},
            new String[] {"DELETE", "/api/v1/mints/" + token},
            new String[] {"POST", "/api/v1/mints/" + token},
            new String[] {"GET", "/nothing-here"},
            new String[] {"GET", "/actuator/info"},
            new String[] {"GET", "/admin/queues"},
            new String[] {"GET", "/error"})) {
      assertThat(RawHttp.send(port, request[0], request[1], Map.of(), null).status())
          .as(request[0] + " " + request[1])
          .isEqualTo(401);
    }
  }

  @Test
  void answersCarryTheSecurityHeaders() throws Exception {
    String token = ApiIT.randomToken();
    RawHttp.Answer status = get("/api/v1/mints/" + token, Map.of());
    assertThat(status.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(status.header("Cache-Control")).isEqualTo("no-store");
    RawHttp.Answer list = get("/api/v1/mints", Map.of("X-API-Key", KEY));
    assertThat(list.header("Cache-Control")).isEqualTo("no-store");
    RawHttp.Answer badge = get("/api/v1/tokens/" + token + "/badge.svg", Map.of());
    assertThat(badge.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(badge.header("Cache-Control")).contains("max-age=60").doesNotContain("no-store");
    RawHttp.Answer refused = get("/api/v1/queues", Map.of());
    assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
    RawHttp.Answer dashboard = get("/dashboard", Map.of("X-API-Key", KEY));
    assertThat(dashboard.header("Cache-Control")).isEqualTo("no-store");
    assertThat(dashboard.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(dashboard.header("Content-Security-Policy"))
        .contains("default-src 'none'")
        .contains("frame-ancestors 'none'")
        .contains("script-src 'sha256-")
        .contains("style-src 'sha256-");
  }

  @Test
  void thePublicStatusShowsAShortReasonWithoutTheRpcUrlOrAddresses() throws Exception {
    String token = ApiIT.randomToken();
    RawHttp.Answer accepted =
        RawHttp.send(
            port,
            "POST",
            "/api/v1/mints",
            Map.of("X-API-Key", KEY, "Content-Type", "application/json"),
            "{\"tokenAddress\":\"" + token + "\",\"fileName\":\"a.txt\",\"privacyData\":[7]}");
    assertThat(accepted.status()).isEqualTo(202);

    String status =
        social.gm2.lazai.support.Await.until(
            java.time.Duration.ofSeconds(60),
            () -> get("/api/v1/mints/" + token, Map.of()).body(),
            body -> body.contains("\"lastError\":\""));

    String lastError =
        tools.jackson.databind.json.JsonMapper.shared()
            .readTree(status)
            .get("lastError")
            .asString();
    assertThat(lastError)
        .startsWith("UPLOADED: the chain's RPC endpoint [url] did not answer")
        .doesNotContain(PROVIDER_KEY)
        .doesNotContain("127.0.0.1")
        .doesNotContain("http://")
        .doesNotContain("BeanCreationException");
    assertThat(status).doesNotContain(PROVIDER_KEY);
    String stored =
        jdbc.queryForObject(
            "SELECT last_error FROM mint WHERE token_address = ?", String.class, token);
    assertThat(stored).doesNotContain(PROVIDER_KEY).doesNotContain("127.0.0.1");
  }

  private RawHttp.Answer send(Route route, String path, Map<String, String> auth) throws Exception {
    Map<String, String> headers = new java.util.LinkedHashMap<>(auth);
    if (route.contentType() != null) {
      headers.put("Content-Type", route.contentType());
    }
    if (route.method().equals("POST")) {
      headers.put("Origin", "http://127.0.0.1:" + port);
    }
    return RawHttp.send(port, route.method(), path, headers, route.body());
  }

  private RawHttp.Answer get(String path, Map<String, String> headers) throws Exception {
    return RawHttp.send(port, "GET", path, headers, null);
  }

  private String failedMint() {
    return ApiDevnet.failedAfterUpload(jdbc);
  }
}
