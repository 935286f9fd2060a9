package social.gm2.lazai.mint.proofnode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.mint.ProofNode;

/**
 * The HTTP proof node against a local HTTP server playing the node: what it keeps of an error
 * answer (for the mint's last error) holds neither the seed nor the wrapped key; an endless or
 * trickling answer is cut at the size cap or the overall deadline with a retryable failure; it
 * connects to the addresses the URL policy checked, not to a fresh lookup, and follows no redirect.
 */
class HttpProofNodeIT {
  private static final String SEED = "Sign to retrieve \"your\" key";
  private static final String KEY = "0x" + "ab".repeat(256);
  private static final ProofNode.Request BODY =
      new ProofNode.Request(
          BigInteger.valueOf(7), BigInteger.valueOf(3), "http://127.0.0.1/f", KEY, SEED);

  private HttpServer server;
  private final NodeUrlPolicy loopback = new NodeUrlPolicy(List.of("127.0.0.0/8"));

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void serve(com.sun.net.httpserver.HttpHandler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/proof", handler);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  private NodeUrlPolicy.Target node() {
    return loopback.resolve("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Test
  void anErrorThatEchoesTheRequestKeepsNeitherTheSeedNorTheKey() throws Exception {
    serve(
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
    var client = new HttpProofNode(loopback, Duration.ofSeconds(2), Duration.ofSeconds(5));

    assertThatThrownBy(() -> client.call(node(), BODY))
        .isInstanceOf(MintStepException.class)
        .hasMessageContaining("answered 500 for job 7")
        .hasMessageContaining("[encryption_seed]")
        .hasMessageNotContaining("ab".repeat(40))
        .hasMessageNotContaining("retrieve")
        .satisfies(e -> assertThat(((MintStepException) e).retryable()).isTrue());
  }

  @Test
  void anEndlessAnswerIsCutAtTheCapAndMayBeRetried() throws Exception {
    AtomicInteger sentKb = new AtomicInteger();
    serve(
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(500, 0); // chunked, no end
          byte[] kb = new byte[1024];
          try (OutputStream out = exchange.getResponseBody()) {
            while (sentKb.get() < 1024 * 1024) {
              out.write(kb);
              sentKb.incrementAndGet();
            }
          } catch (IOException e) {
            // the client hung up
          }
        });
    var client = new HttpProofNode(loopback, Duration.ofSeconds(2), Duration.ofSeconds(30));

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.call(node(), BODY))
        .isInstanceOf(MintStepException.class)
        .hasMessageContaining("with more than 65536 bytes")
        .satisfies(e -> assertThat(((MintStepException) e).retryable()).isTrue());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    assertThat(sentKb.get()).as("the server did not get to send 1 GB").isLessThan(1024 * 1024);
  }

  @Test
  void aTricklingAnswerIsCutAtTheDeadlineAndMayBeRetried() throws Exception {
    serve(
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(502, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 600; i++) {
              out.write('x');
              out.flush();
              Thread.sleep(100); // one byte every 100 ms: no read ever times out
            }
          } catch (IOException | InterruptedException e) {
            // the client hung up
          }
        });
    // Each read gets a byte within 1 s, but the whole call may take only 1 s + 2 s.
    var client = new HttpProofNode(loopback, Duration.ofSeconds(1), Duration.ofSeconds(2));

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.call(node(), BODY))
        .isInstanceOf(MintStepException.class)
        .hasMessageContaining("did not answer job 7 in time")
        .satisfies(e -> assertThat(((MintStepException) e).retryable()).isTrue());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void itConnectsToTheCheckedAddressesAndFollowsNoRedirect() throws Exception {
    AtomicInteger proofs = new AtomicInteger();
    serve(
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          proofs.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.createContext(
        "/moved/proof",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data");
          exchange.sendResponseHeaders(307, -1);
          exchange.close();
        });
    var client = new HttpProofNode(loopback, Duration.ofSeconds(2), Duration.ofSeconds(5));
    int port = server.getAddress().getPort();

    // A name no resolver knows, pinned to the address that was checked: the call goes there.
    client.call(
        new NodeUrlPolicy.Target(
            URI.create("http://node.invalid:" + port), List.of(InetAddress.getByName("127.0.0.1"))),
        BODY);
    assertThat(proofs).hasValue(1);

    assertThatThrownBy(
            () -> client.call(loopback.resolve("http://127.0.0.1:" + port + "/moved"), BODY))
        .isInstanceOf(MintStepException.class)
        .hasMessageContaining("answered 307")
        .satisfies(e -> assertThat(((MintStepException) e).retryable()).isFalse());
  }
}
