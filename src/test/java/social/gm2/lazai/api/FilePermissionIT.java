package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.crypto.RsaKeyWrap;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.crypto.RsaScheme;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.DevnetActor;
import social.gm2.lazai.support.HardhatNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file permission in the whole service on the devnet, for mints made while the DataRegistry had
 * no key (as before the feature): {@code POST /api/v1/mints/{token}/permission} refuses with a
 * clear problem until the registry publishes its key, then grants once; the backfill grants the
 * other mint; a mint made after the key is published grants it itself; and the permission on chain
 * opens the stored file the way the reference query node opens it (PKCS#1 v1.5 with the registry's
 * private key, then the OpenPGP password).
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class FilePermissionIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String PLAINTEXT = "permission notes: the vault code is 4711";
  private static ApiDevnet devnet;

  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    devnet = new ApiDevnet();
    devnet.register(registry);
    // Two mints at once can make the simulated node race its own claim (a 500, retried): soon.
    registry.add("lazai.mint.retry-delay", () -> "1s");
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void mintsWithoutThePermissionAreGrantedItOnceByTheRouteAndTheBackfill() throws Exception {
    String byRoute = ApiIT.randomToken();
    String byBackfill = ApiIT.randomToken();
    byte[] data = PLAINTEXT.getBytes(StandardCharsets.UTF_8);
    for (String token : List.of(byRoute, byBackfill)) {
      assertThat(
              devnet
                  .post("/api/v1/mints", ApiIT.submission(token, "n.txt", data), ApiDevnet.KEY)
                  .statusCode())
          .isEqualTo(202);
    }
    for (String token : List.of(byRoute, byBackfill)) {
      JsonNode mint = awaitMint(token, m -> "ATTESTED".equals(m.path("state").asString()));
      assertThat(permission(mint)).as("the registry had no key").isNull();
    }

    HttpResponse<String> noKey = permissionRoute(byRoute, ApiDevnet.KEY);
    assertThat(noKey.statusCode()).isEqualTo(409);
    assertThat(noKey.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(JSON.readTree(noKey.body()).get("detail").asString())
        .contains("publishes no usable RSA public key");
    assertThat(permissionRoute(byRoute, null).statusCode()).isEqualTo(401);
    assertThat(permissionRoute(ApiIT.randomToken(), ApiDevnet.KEY).statusCode()).isEqualTo(404);
    String noFile = ApiDevnet.failedAfterUpload(jdbc);
    HttpResponse<String> beforeRegistration = permissionRoute(noFile, ApiDevnet.KEY);
    assertThat(beforeRegistration.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(beforeRegistration.body()).get("detail").asString())
        .contains("no registered file yet");

    KeyPair registry = rsa();
    Web3j web3 = Web3j.build(new HttpService(devnet.service().chain.url()));
    try {
      DevnetActor maintainer =
          new DevnetActor(
              web3,
              HardhatNode.KEYS.get(0),
              devnet.service().devnet.dataRegistry(),
              devnet.service().devnet.verifiedComputing());
      maintainer.updateRegistryPublicKey(RsaKeys.toPkcs1Pem((RSAPublicKey) registry.getPublic()));

      HttpResponse<String> granted = permissionRoute(byRoute, ApiDevnet.KEY);
      assertThat(granted.statusCode()).isEqualTo(200);
      JsonNode view = JSON.readTree(granted.body());
      assertThat(view.get("tokenAddress").asString()).isEqualTo(byRoute);
      String tx = permission(view);
      assertThat(tx).matches("0x[0-9a-f]{64}");
      HttpResponse<String> again = permissionRoute(byRoute, ApiDevnet.KEY);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(permission(JSON.readTree(again.body()))).as("granted once").isEqualTo(tx);
      assertThat(readsAsTheQueryNode(maintainer, registry, view)).isEqualTo(PLAINTEXT);

      JsonNode backfilled = awaitMint(byBackfill, m -> permission(m) != null);
      assertThat(permission(backfilled)).isNotEqualTo(tx);
      assertThat(readsAsTheQueryNode(maintainer, registry, backfilled)).isEqualTo(PLAINTEXT);

      // With the key published, a new mint grants it itself, right after registering its file.
      String atMint = ApiIT.randomToken();
      devnet.post("/api/v1/mints", ApiIT.submission(atMint, "n.txt", data), ApiDevnet.KEY);
      JsonNode minted = awaitMint(atMint, m -> "ATTESTED".equals(m.path("state").asString()));
      assertThat(permission(minted)).matches("0x[0-9a-f]{64}");
      assertThat(detailOf(minted, "REGISTERED")).contains("permission granted");
      assertThat(readsAsTheQueryNode(maintainer, registry, minted)).isEqualTo(PLAINTEXT);
      HttpResponse<String> already = permissionRoute(atMint, ApiDevnet.KEY);
      assertThat(already.statusCode()).isEqualTo(200);
      assertThat(permission(JSON.readTree(already.body()))).isEqualTo(permission(minted));
    } finally {
      web3.shutdown();
    }
  }

  /**
   * What the reference query node does (lazai-protocol §9): getFilePermission(fileId, DataRegistry
   * address), python-rsa PKCS#1 v1.5 with the registry's private key after an optional 0x, the file
   * downloaded from its URL and opened with that password.
   */
  private static String readsAsTheQueryNode(DevnetActor chain, KeyPair registry, JsonNode mint)
      throws Exception {
    String hex =
        chain
            .filePermission(
                new BigInteger(mint.get("fileId").asString()),
                devnet.service().devnet.dataRegistry())
            .replaceFirst("^0x", "");
    assertThat(hex).matches("[0-9a-f]{512}");
    String password =
        RsaKeyWrap.unwrap((RSAPrivateKey) registry.getPrivate(), hex, RsaScheme.PKCS1_V15);
    HttpResponse<byte[]> file =
        devnet.http.send(
            HttpRequest.newBuilder(URI.create(mint.get("url").asString()))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(file.statusCode()).isEqualTo(200);
    byte[] plaintext =
        new PasswordCipher(Clock.systemUTC(), new SecureRandom()).decrypt(file.body(), password);
    return new String(plaintext, StandardCharsets.UTF_8);
  }

  private static JsonNode awaitMint(String token, java.util.function.Predicate<JsonNode> done)
      throws Exception {
    return Await.until(
        WAIT, () -> JSON.readTree(devnet.get("/api/v1/mints/" + token).body()), done);
  }

  private static String detailOf(JsonNode mint, String state) {
    for (JsonNode step : mint.get("steps")) {
      if (state.equals(step.get("state").asString())) {
        return step.get("detail").asString();
      }
    }
    throw new AssertionError("no " + state + " step in " + mint);
  }

  private static String permission(JsonNode mint) {
    JsonNode tx = mint.path("transactions").path("permission");
    return tx.isMissingNode() || tx.isNull() ? null : tx.get("hash").asString();
  }

  private static HttpResponse<String> permissionRoute(String token, String key) throws Exception {
    HttpRequest.Builder request =
        devnet
            .request("/api/v1/mints/" + token.toLowerCase(Locale.ROOT) + "/permission")
            .POST(HttpRequest.BodyPublishers.noBody());
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return devnet.send(request);
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }
}
