package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reference node answers a failed proof with its request echoed in the error, seed and wrapped
 * key included; what the client keeps of that answer (for the mint's last error) must hold neither.
 */
class ProofNodeClientIT {
  private static final String SEED = "Sign to retrieve \"your\" key";
  private static final String KEY = "0x" + "ab".repeat(256);

  private HttpServer server;

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void anErrorThatEchoesTheRequestKeepsNeitherTheSeedNorTheKey() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/proof",
        exchange -> {
          String request =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          byte[] answer =
              ("{\"error\":{\"message\":\"Error processing request for req: " + request + "\"}}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(500, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    var client = new ProofNodeClient(Duration.ofSeconds(2), Duration.ofSeconds(5));
    var body =
        new ProofNode.Request(
            BigInteger.valueOf(7), BigInteger.valueOf(3), "http://127.0.0.1/f", KEY, SEED);

    assertThatThrownBy(
            () ->
                client.requestProof(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), body))
        .isInstanceOf(MintStepException.class)
        .hasMessageContaining("answered 500 for job 7")
        .hasMessageContaining("[encryption_seed]")
        .hasMessageNotContaining("ab".repeat(40))
        .hasMessageNotContaining("retrieve")
        .satisfies(
            e ->
                org.assertj.core.api.Assertions.assertThat(((MintStepException) e).retryable())
                    .isTrue());
  }
}
