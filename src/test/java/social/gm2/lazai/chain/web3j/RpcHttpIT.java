package social.gm2.lazai.chain.web3j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * web3j over the service's RPC client against a local server playing a misbehaving provider: an
 * endless answer stops at the size cap, a trickling one at the call deadline, both as I/O failures
 * (which the chain adapter reports as a retryable RPC outage); a normal answer passes.
 */
class RpcHttpIT {
  private HttpServer server;

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Web3j web3(com.sun.net.httpserver.HttpHandler handler, long cap, Duration deadline)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", handler);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    return Web3j.build(new HttpService(url, RpcHttp.client(cap, deadline)));
  }

  @Test
  void aNormalAnswerPasses() throws Exception {
    Web3j web3 =
        web3(
            exchange -> {
              exchange.getRequestBody().readAllBytes();
              byte[] answer =
                  "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x2a\"}"
                      .getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(200, answer.length);
              exchange.getResponseBody().write(answer);
              exchange.close();
            },
            1024,
            Duration.ofSeconds(10));
    assertThat(web3.ethBlockNumber().send().getBlockNumber()).hasToString("42");
  }

  @Test
  void anEndlessAnswerStopsAtTheCap() throws Exception {
    AtomicLong sent = new AtomicLong();
    Web3j web3 =
        web3(
            exchange -> {
              exchange.getRequestBody().readAllBytes();
              exchange.sendResponseHeaders(200, 0);
              byte[] block = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":".getBytes());
                while (sent.addAndGet(block.length) < 4L << 30) {
                  out.write(block);
                }
              } catch (IOException e) {
                // the client hung up
              }
            },
            1024 * 1024,
            Duration.ofSeconds(60));
    assertThatThrownBy(() -> web3.ethBlockNumber().send())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("over the limit of 1048576 bytes");
    assertThat(sent.get()).isLessThan(1L << 30);
  }

  @Test
  void aTricklingAnswerStopsAtTheDeadline() throws Exception {
    Web3j web3 =
        web3(
            exchange -> {
              exchange.getRequestBody().readAllBytes();
              exchange.sendResponseHeaders(200, 0);
              try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                  out.write(' ');
                  out.flush();
                  Thread.sleep(100);
                }
              } catch (IOException | InterruptedException e) {
                // the client hung up
              }
            },
            1024 * 1024,
            Duration.ofSeconds(2));
    long start = System.nanoTime();
    assertThatThrownBy(() -> web3.ethBlockNumber().send())
        .isInstanceOf(InterruptedIOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }
}
