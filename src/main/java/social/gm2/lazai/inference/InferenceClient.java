package social.gm2.lazai.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP to an inference node's OpenAI-compatible {@code POST <url>/v1/chat/completions}
 * (lazai-protocol §9), with the request's settlement headers. A 200 is handed back as the open body
 * (the caller reads a whole answer or relays a stream); anything else becomes an {@link
 * InferenceException} naming the node and carrying its own message: a 400 (its data query failed:
 * no permission for the file, an unreadable file) is the request's data, a 401 (it refused the
 * settlement headers), a 5xx (its model or its settlement failed) or a non-JSON error is the
 * node's; a node that cannot be connected to or answers 5xx is marked {@linkplain
 * InferenceException#isNodeDown() down}. {@code read-timeout} bounds every wait on the node: for
 * its answer to start, and then for each next piece of it, so a node that stalls in the middle of a
 * stream is given up on too.
 */
public final class InferenceClient {
  private static final int MAX_ERROR = 2_000;
  private static final JsonMapper JSON = JsonMapper.shared();
  private static final MediaType JSON_BODY = MediaType.get("application/json");

  private final OkHttpClient http;
  private final Duration readTimeout;
  private final int connectMillis;

  public InferenceClient(Duration connectTimeout, Duration readTimeout) {
    // OkHttp's read timeout is per read of the socket: the idle bound a stream needs.
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeout)
            .readTimeout(readTimeout)
            .writeTimeout(readTimeout)
            .followRedirects(false)
            .followSslRedirects(false)
            // A pooled connection the node closed (it restarted) is retried on a new one. A
            // replayed request carries the same nonce, which the node refuses once it settled it.
            .retryOnConnectionFailure(true)
            .build();
    this.readTimeout = readTimeout;
    this.connectMillis = Math.toIntExact(connectTimeout.toMillis());
  }

  /** The node's chat completion endpoint for its registered url (the OpenAI base is url/v1). */
  public static URI endpoint(URI nodeUrl) {
    String base = nodeUrl.toString().replaceAll("/+$", "");
    return URI.create(base + "/v1/chat/completions");
  }

  /**
   * Connects to {@code endpoint}'s host and port and hangs up: whether the node is there at all.
   *
   * @throws InferenceException {@linkplain InferenceException#isNodeDown() node down} when it
   *     cannot be connected to within {@code connect-timeout}
   */
  public void connect(URI endpoint, String node) {
    int port =
        endpoint.getPort() >= 0
            ? endpoint.getPort()
            : endpoint.getScheme().equals("https") ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), port), connectMillis);
    } catch (IOException e) {
      throw notConnected(node, endpoint, e);
    }
  }

  /**
   * Sends the chat completion body to {@code endpoint}; the node is {@code node} (for messages).
   *
   * @return the open body of the node's 200 answer; the caller closes it
   * @throws InferenceException for any other answer, or when the node cannot be reached
   */
  public InputStream complete(URI endpoint, String node, RequestHeaders headers, byte[] body) {
    Request.Builder request =
        new Request.Builder()
            .url(endpoint.toString())
            .header("Accept", "application/json, text/event-stream")
            .post(RequestBody.create(body, JSON_BODY));
    headers.asMap().forEach(request::header);
    Response answer;
    try {
      answer = http.newCall(request.build()).execute();
    } catch (ConnectException e) {
      throw notConnected(node, endpoint, e);
    } catch (SocketTimeoutException e) {
      // Socket.connect's own timeout says so in its message; any other is a read's.
      boolean connecting = String.valueOf(e.getMessage()).toLowerCase().startsWith("connect");
      throw connecting
          ? notConnected(node, endpoint, e)
          : unreachable(node, endpoint, "did not answer within " + readTimeout, e);
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for inference node " + node, e);
    } catch (IOException e) {
      throw unreachable(node, endpoint, "failed while answering (" + e + ")", e);
    }
    InputStream answerBody = answer.body().byteStream();
    if (answer.code() == 200) {
      return answerBody;
    }
    throw refused(node, answer.code(), answerBody);
  }

  private static InferenceException refused(String node, int status, InputStream body) {
    String message = message(body);
    InferenceException.Kind kind =
        status == 400 || status == 404 || status == 422
            ? InferenceException.Kind.NODE_REFUSED_DATA
            : InferenceException.Kind.NODE_FAILED;
    String what =
        switch (status) {
          case 401, 403 -> "refused the settlement headers";
          case 400, 404, 422 -> "refused the request";
          default -> "failed";
        };
    String said = "The inference node " + node + " " + what + " (HTTP " + status + "): " + message;
    return status >= 500
        ? InferenceException.nodeDown(kind, said, status, null)
        : new InferenceException(kind, said, status, null);
  }

  /** The node's own message: OpenAI's error.message, FastAPI's detail, or the text itself. */
  static String message(InputStream body) {
    String text;
    try (body) {
      text = new String(body.readNBytes(MAX_ERROR), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "(its answer could not be read: " + e.getMessage() + ")";
    }
    try {
      JsonNode json = JSON.readTree(text);
      JsonNode error = json.path("error");
      if (error.isObject() && error.path("message").isString()) {
        return error.path("message").asString();
      }
      if (error.isString()) {
        return error.asString();
      }
      if (json.path("detail").isString()) {
        return json.path("detail").asString();
      }
    } catch (RuntimeException notJson) {
      // fall through to the text
    }
    return text.isEmpty() ? "(no message)" : text.replaceAll("\\s+", " ");
  }

  /** The request never reached the node, so it cannot have been charged. */
  private static InferenceException notConnected(String node, URI endpoint, Exception cause) {
    return InferenceException.nodeDown(
        InferenceException.Kind.NODE_UNREACHABLE,
        "The inference node " + node + " at " + endpoint + " could not be connected to.",
        0,
        cause);
  }

  private static InferenceException unreachable(
      String node, URI endpoint, String what, Exception cause) {
    return new InferenceException(
        InferenceException.Kind.NODE_UNREACHABLE,
        "The inference node " + node + " at " + endpoint + " " + what + ".",
        0,
        cause);
  }
}
