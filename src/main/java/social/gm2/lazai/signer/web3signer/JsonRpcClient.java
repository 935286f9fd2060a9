package social.gm2.lazai.signer.web3signer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import social.gm2.lazai.signer.SignerException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON-RPC 2.0 over HTTP(S) to a remote signer, with failures classified once: no connection, a
 * timeout and HTTP 5xx or 429 are retryable; a TLS failure, another 4xx, a JSON-RPC error, an
 * answer over the size cap or one that is not JSON-RPC are permanent. Error messages carry the
 * signer's error code and message, never a result: an {@code eth_sign} result is a file password.
 */
final class JsonRpcClient {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_ERROR_TEXT = 200;

  private final URI url;
  private final HttpClient http;
  private final Duration timeout;
  private final long maxResponseBytes;
  private final AtomicLong ids = new AtomicLong();

  JsonRpcClient(URI url, HttpClient http, Duration timeout, long maxResponseBytes) {
    this.url = url;
    this.http = http;
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
  }

  URI url() {
    return url;
  }

  ArrayNode params() {
    return JSON.createArrayNode();
  }

  /** Calls {@code method} and returns its {@code result}. */
  JsonNode call(String method, ArrayNode params) {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", ids.incrementAndGet());
    request.put("method", method);
    request.set("params", params);
    HttpResponse<InputStream> response = send(method, JSON.writeValueAsString(request));
    byte[] body = read(method, response);
    int status = response.statusCode();
    JsonNode answer = parse(body);
    if (status >= 500 || status == 429) {
      throw failure(method, "answered HTTP " + status + errorText(answer), true, null);
    }
    if (status < 200 || status >= 300) {
      throw failure(method, "refused with HTTP " + status + errorText(answer), false, null);
    }
    if (answer == null || !answer.isObject()) {
      throw failure(method, "answered something that is not JSON-RPC", false, null);
    }
    if (answer.hasNonNull("error")) {
      throw failure(method, "refused" + errorText(answer), false, null);
    }
    JsonNode result = answer.get("result");
    if (result == null || result.isNull()) {
      throw failure(method, "answered without a result", false, null);
    }
    return result;
  }

  private HttpResponse<InputStream> send(String method, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (SSLException e) {
      throw failure(
          method,
          "could not be reached over TLS (" + e.getMessage() + "); check lazai.signer.remote.tls",
          false,
          e);
    } catch (IOException e) {
      throw failure(method, "did not answer (" + describe(e) + ")", true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(method, "was not waited for: interrupted", true, e);
    }
  }

  /** Reads at most the cap; the request timeout bounds how long. */
  private byte[] read(String method, HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResponseBytes + 1));
      if (body.length > maxResponseBytes) {
        throw failure(
            method,
            "answered more than lazai.signer.remote.max-response-size ("
                + maxResponseBytes
                + " bytes)",
            false,
            null);
      }
      return body;
    } catch (IOException e) {
      throw failure(method, "broke off its answer (" + describe(e) + ")", true, e);
    }
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? null : JSON.readTree(body);
    } catch (JacksonException e) {
      return null;
    }
  }

  /** ": code message" of a JSON-RPC error, cut short; nothing else of the answer. */
  private static String errorText(JsonNode answer) {
    JsonNode error = answer == null ? null : answer.get("error");
    if (error == null || !error.isObject()) {
      return "";
    }
    String message = error.path("message").asString("");
    if (message.length() > MAX_ERROR_TEXT) {
      message = message.substring(0, MAX_ERROR_TEXT) + "…";
    }
    return ": " + error.path("code").asString("?") + " " + message.replaceAll("[\\r\\n]", " ");
  }

  private SignerException failure(String method, String what, boolean retryable, Throwable cause) {
    return new SignerException(
        "remote signer " + url + " (lazai.signer.remote.url), " + method + ": " + what,
        retryable,
        cause);
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
