package social.gm2.lazai.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.storage.StorageProperties;
import social.gm2.lazai.storage.StoredContent;

/**
 * The local store's share URL works over real HTTP: the storage configuration alone in an embedded
 * Tomcat on a random port, fetched with the JDK client as the node would fetch it.
 */
class LocalGatewayIT {
  @TempDir Path dir;
  private ConfigurableApplicationContext context;
  private final HttpClient http = HttpClient.newHttpClient();

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(StorageProperties.class)
  @Import(LocalStorageConfiguration.class)
  static class StorageOnly {
    @Bean
    TomcatServletWebServerFactory tomcat() {
      return new TomcatServletWebServerFactory(0);
    }

    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }
  }

  @BeforeEach
  void start() {
    context =
        new SpringApplicationBuilder(StorageOnly.class)
            .web(WebApplicationType.SERVLET)
            .properties(
                "lazai.storage.provider=local",
                "lazai.storage.local.directory=" + dir,
                // No chain here: the loopback share URLs are the devnet's, which this stands for.
                "lazai.chain.devnet=true")
            .run();
  }

  @AfterEach
  void stop() {
    context.close();
  }

  @Test
  void theShareUrlServesTheFileWithRangesAndHead() throws Exception {
    byte[] data = new byte[400_000];
    new Random(3).nextBytes(data);
    StoredContent stored =
        context
            .getBean(ContentStore.class)
            .put(new ByteArrayInputStream(data), data.length, "data.pgp");

    HttpResponse<byte[]> whole = get(stored.shareUrl(), null);
    HttpResponse<byte[]> part = get(stored.shareUrl(), "bytes=100-199");
    HttpResponse<Void> head =
        http.send(
            HttpRequest.newBuilder(URI.create(stored.shareUrl()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());

    String port = context.getEnvironment().getProperty("local.server.port");
    assertThat(stored.shareUrl()).startsWith("http://127.0.0.1:" + port + "/ipfs/bafy");
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(data);
    assertThat(whole.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("attachment"));
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(data, 100, 200));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(data.length);
  }

  @Test
  void malformedAndUnknownCidsGetProblemDetails() throws Exception {
    String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");

    HttpResponse<byte[]> malformed = get(base + "/ipfs/nope", null);
    HttpResponse<byte[]> unknown =
        get(base + "/ipfs/bafkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", null);

    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(new String(malformed.body())).contains("'nope' is not a CID");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  private HttpResponse<byte[]> get(String url, String range) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (range != null) {
      request.header("Range", range);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
