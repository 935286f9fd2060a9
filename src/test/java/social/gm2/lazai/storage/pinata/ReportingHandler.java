package social.gm2.lazai.storage.pinata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake server's handler whose own failures are seen: the JDK server swallows an exception thrown
 * by a handler and closes the connection without an answer, which a client reports only as "header
 * parser received no bytes". Here a failure before the answer started is logged and answered {@code
 * 500 FAKE_FAILED} with the exception, so a test that trips over the fake names the fake's defect.
 * A failure after the answer started (the client hung up while it was sent) is left to the server.
 */
final class ReportingHandler implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(ReportingHandler.class);

  private final HttpHandler handler;

  ReportingHandler(HttpHandler handler) {
    this.handler = handler;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      answer(exchange); // inside: the exchange must still be open for the 500
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    try {
      handler.handle(exchange);
    } catch (IOException | RuntimeException e) {
      if (exchange.getResponseCode() != -1) {
        throw e;
      }
      log.warn(
          "the fake server failed before answering {} {} (its own defect, or the client hung up"
              + " mid-request); it answers 500",
          exchange.getRequestMethod(),
          exchange.getRequestURI(),
          e);
      try {
        FakePinata.error(exchange, 500, "FAKE_FAILED", "the fake server failed: " + e);
      } catch (IOException unanswered) {
        e.addSuppressed(unanswered); // the client is gone
      }
    }
  }
}
