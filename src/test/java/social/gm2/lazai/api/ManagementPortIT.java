package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.support.RawHttp;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code management.server.port} set, the actuator lives on that port without the API key and
 * shows health details; the main port keeps only the status-only {@code /healthz}, and the
 * actuator's paths there are refused like any unknown path. The service's filters (key, strict
 * path, headers) run on the main port only.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "management.server.port=0")
class ManagementPortIT {
  private static final String KEY = "management-it-key-" + java.util.UUID.randomUUID();
  private static final String DATABASE = TestServices.createDatabase();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    TestServices.register(registry, DATABASE);
    registry.add("lazai.chain.rpc-url", () -> "http://127.0.0.1:9");
    registry.add("lazai.api.keys", () -> KEY);
    registry.add(
        "lazai.storage.local.directory",
        () -> System.getProperty("java.io.tmpdir") + "/management-it-" + DATABASE);
  }

  @AfterAll
  static void drop() {
    TestServices.dropDatabase(DATABASE);
  }

  @Test
  void theManagementPortServesTheActuatorWithoutAKeyAndWithDetails() throws Exception {
    RawHttp.Answer prometheus = get(managementPort, "/actuator/prometheus", Map.of());
    assertThat(prometheus.status()).isEqualTo(200);
    assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
    RawHttp.Answer health = get(managementPort, "/actuator/health", Map.of());
    assertThat(health.status()).isIn(200, 503);
    JsonNode body = JSON.readTree(health.body());
    assertThat(body.at("/components/redis/details/version").isString()).as(health.body()).isTrue();
    assertThat(body.at("/components/chain/status").isMissingNode()).isFalse();
    assertThat(get(managementPort, "/actuator/health/liveness", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void theMainPortKeepsAStatusOnlyHealthAndRefusesTheRest() throws Exception {
    RawHttp.Answer health = get(port, "/healthz", Map.of());
    assertThat(health.status()).isIn(200, 503);
    JsonNode body = JSON.readTree(health.body());
    assertThat(body.get("status").asString()).isIn("UP", "DOWN", "DEGRADED");
    assertThat(body.has("components")).as(health.body()).isFalse();
    assertThat(get(port, "/actuator/health", Map.of()).status()).isEqualTo(404);
    assertThat(get(port, "/actuator/prometheus", Map.of()).status()).isEqualTo(401);
    assertThat(get(port, "/actuator/prometheus", Map.of("X-API-Key", KEY)).status())
        .as("not served on the main port")
        .isEqualTo(404);
    assertThat(get(port, "/api/v1/queues", Map.of()).status()).isEqualTo(401);
    assertThat(get(port, "/api/v1;/queues", Map.of()).status()).isEqualTo(400);
  }

  private static RawHttp.Answer get(int port, String path, Map<String, String> headers)
      throws Exception {
    return RawHttp.send(port, "GET", path, headers, null);
  }
}
