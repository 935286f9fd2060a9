package social.gm2.lazai.storage.pinata;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How the fake Pinata answers one upload instead of storing it. */
final class Fault {
  private final int status;
  private final String retryAfter;
  private final String reason;
  private final String details;
  private final CountDownLatch release;
  private String body;

  private Fault(int status, String retryAfter, String reason, String details, boolean hang) {
    this.status = status;
    this.retryAfter = retryAfter;
    this.reason = reason;
    this.details = details;
    this.release = new CountDownLatch(hang ? 1 : 0);
  }

  static Fault status(int status, String reason, String details) {
    return new Fault(status, null, reason, details, false);
  }

  static Fault rateLimited(String retryAfter) {
    return new Fault(429, retryAfter, "RATE_LIMITED", "too many requests", false);
  }

  /** Stores the file but answers with a CID that is not the file's. */
  static Fault wrongCid() {
    return new Fault(0, null, null, null, false);
  }

  /** Holds the answer until {@link #release()}, so the client's timeout fires first. */
  static Fault hang() {
    return new Fault(500, null, "TOO_LATE", "answered after the client gave up", true);
  }

  /** Answers 500 with a body that never ends (1 GB of spaces at most). */
  static Fault endless() {
    Fault fault = new Fault(500, null, null, null, false);
    fault.body = "endless";
    return fault;
  }

  /** Answers 200 and then one byte of its body every 100 ms, for a minute. */
  static Fault trickle() {
    Fault fault = new Fault(200, null, null, null, false);
    fault.body = "trickle";
    return fault;
  }

  int status() {
    return status;
  }

  void release() {
    release.countDown();
  }

  void awaitRelease() {
    try {
      if (!release.await(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("a hanging fault was never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void answer(HttpExchange exchange) throws IOException {
    if (body != null) {
      exchange.sendResponseHeaders(status, 0);
      byte[] block = new byte[body.equals("endless") ? 64 * 1024 : 1];
      java.util.Arrays.fill(block, (byte) ' ');
      try (java.io.OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < (body.equals("endless") ? 16 * 1024 : 600); i++) {
          out.write(block);
          out.flush();
          if (body.equals("trickle")) {
            Thread.sleep(100);
          }
        }
      } catch (IOException | InterruptedException e) {
        // the client hung up
      }
      return;
    }
    if (retryAfter != null) {
      exchange.getResponseHeaders().set("Retry-After", retryAfter);
    }
    FakePinata.error(exchange, status, reason, details);
  }
}
