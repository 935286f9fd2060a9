package social.gm2.lazai;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.queue.QueueWorkers;
import social.gm2.lazai.support.TestServices;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Redis that is down when the service starts does not stop it: the queue workers start and keep
 * trying to connect, and health reports Redis DOWN.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RedisDownIT {
  private static final String DATABASE = TestServices.createDatabase();

  @LocalServerPort int port;
  @Autowired QueueWorkers workers;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    TestServices.register(registry, DATABASE);
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    registry.add("lazai.redis.port", () -> closedPort);
  }

  @AfterAll
  static void dropDatabase() {
    TestServices.dropDatabase(DATABASE);
  }

  @Test
  void theServiceStartsAndHealthNamesRedis() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    JsonNode health = JsonMapper.shared().readTree(response.body());
    assertThat(health.at("/components/redis/status").asString()).isEqualTo("DOWN");
    assertThat(health.at("/components/db/components/primary/status").asString()).isEqualTo("UP");
    assertThat(workers.isRunning()).isTrue();
  }
}
