package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestServices;

/**
 * The service with no {@code lazai.api.keys}: it starts and warns, the public reads work, and
 * everything else (writes, the list, the dashboard, Prometheus) is refused with a problem that says
 * why.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiWithoutKeysIT {
  private static final String DATABASE = TestServices.createDatabase();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static HardhatNode chain;

  @LocalServerPort int port;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    chain = HardhatNode.start();
    TestServices.register(registry, DATABASE);
    registry.add("lazai.chain.rpc-url", chain::url);
  }

  @AfterAll
  static void stop() {
    TestServices.dropDatabase(DATABASE);
    chain.close();
  }

  @Test
  void writesAndTheDashboardAreRefusedAndStartupWarns(CapturedOutput output) throws Exception {
    String token = "0x00000000000000000000000000000000000000b2";
    HttpResponse<String> post =
        send(
            HttpRequest.newBuilder(uri("/api/v1/mints"))
                .header("Content-Type", "application/json")
                .header("X-API-Key", "any-key-0123456789abcdef")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"tokenAddress\":\""
                            + token
                            + "\",\"fileName\":\"a\",\"privacyData\":[1]}")));
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(post.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(post.body()).contains("lazai.api.keys");
    assertThat(send(HttpRequest.newBuilder(uri("/dashboard"))).statusCode()).isEqualTo(403);
    assertThat(send(HttpRequest.newBuilder(uri("/api/v1/mints/" + token))).statusCode())
        .isEqualTo(404);
    assertThat(send(HttpRequest.newBuilder(uri("/api/v1/mints"))).statusCode()).isEqualTo(403);
    assertThat(send(HttpRequest.newBuilder(uri("/actuator/prometheus"))).statusCode())
        .isEqualTo(403);
    assertThat(output.getOut())
        .contains("WARN")
        .contains("no API keys configured (lazai.api.keys)");
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
