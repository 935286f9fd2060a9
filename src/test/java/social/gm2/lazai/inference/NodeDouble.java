package social.gm2.lazai.inference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import social.gm2.lazai.chain.InferenceAccountState;
import social.gm2.lazai.crypto.PersonalMessage;
import social.gm2.lazai.crypto.Wallet;

/**
 * An inference node on a JDK HttpServer for unit tests, checking what the Python reference node
 * checks (lazai-protocol §9): the user equals the account's, the nonce is above its nonce, the
 * signature recovers to the user; then it answers per {@link #mode} and, for a 200, settles the fee
 * on the fake chain at 100 wei a token as the node does before answering.
 */
final class NodeDouble implements AutoCloseable {
  enum Mode {
    ANSWER,
    UNAUTHORIZED,
    DATA_QUERY_FAILS,
    SERVER_ERROR,
    /** Settles the fee under an id other than the answer's, then answers. */
    SETTLES_UNDER_ANOTHER_ID,
    /** Settles the fee on chain, then fails with a 500 (its billing broke after the settlement). */
    SETTLED_THEN_SERVER_ERROR,
    /** Streams the first event, then sends nothing more until closed. */
    STALL_MID_STREAM
  }

  final String address;
  private final FakeInferenceChain chain;
  private final HttpServer server;
  final List<Map<String, List<String>>> requests = new CopyOnWriteArrayList<>();
  volatile Mode mode = Mode.ANSWER;
  private int answers;
  private final java.util.concurrent.CountDownLatch closed =
      new java.util.concurrent.CountDownLatch(1);

  NodeDouble(String address, FakeInferenceChain chain) throws IOException {
    this.address = address;
    this.chain = chain;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(exchange.getRequestHeaders());
      requests.add(headers);
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String refusal = validate(exchange);
      if (refusal == null && mode == Mode.UNAUTHORIZED) {
        refusal = "the account's node is not this node";
      }
      if (refusal != null) {
        send(exchange, 401, errorJson("Validate the request header failed: " + refusal));
      } else if (mode == Mode.DATA_QUERY_FAILS) {
        send(exchange, 400, "{\"detail\":\"Data query failed: no permission for file\"}");
      } else if (mode == Mode.SERVER_ERROR) {
        send(exchange, 500, "Internal Server Error");
      } else if (mode == Mode.SETTLED_THEN_SERVER_ERROR) {
        settle(exchange);
        send(exchange, 500, "Internal Server Error");
      } else {
        answer(exchange, body.contains("\"stream\":true"));
      }
    }
  }

  private String validate(HttpExchange exchange) {
    String user = exchange.getRequestHeaders().getFirst(RequestHeaders.USER);
    BigInteger nonce = new BigInteger(exchange.getRequestHeaders().getFirst(RequestHeaders.NONCE));
    String signature = exchange.getRequestHeaders().getFirst(RequestHeaders.SIGNATURE);
    InferenceAccountState account = chain.account(user, address).orElse(null);
    if (account == null || nonce.compareTo(account.nonce()) <= 0) {
      return "no account or nonce too low";
    }
    byte[] digest = PersonalMessage.keccak256(SettlementHeaders.encode(nonce, user, address));
    return Wallet.recover(digest, signature).equalsIgnoreCase(user) ? null : "bad signature";
  }

  /** Settles 12 tokens at 100 wei for the request, as the node does before answering; its id. */
  private synchronized String settle(HttpExchange exchange) {
    String id = "chatcmpl-" + (++answers);
    BigInteger nonce = new BigInteger(exchange.getRequestHeaders().getFirst(RequestHeaders.NONCE));
    String billed = mode == Mode.SETTLES_UNDER_ANOTHER_ID ? "other-" + answers : id;
    chain.settle(address, billed, BigInteger.valueOf(100 * 12), nonce);
    return id;
  }

  private synchronized void answer(HttpExchange exchange, boolean stream) throws IOException {
    String id = settle(exchange);
    String user = exchange.getRequestHeaders().getFirst(RequestHeaders.USER);
    String fileId = exchange.getRequestHeaders().getFirst(RequestHeaders.FILE_ID);
    String text = "file " + fileId + " says hello to " + user;
    if (!stream) {
      send(
          exchange,
          200,
          "{\"id\":\""
              + id
              + "\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
              + "{\"role\":\"assistant\",\"content\":\""
              + text
              + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"total_tokens\":12}}");
      return;
    }
    List<String> events = new ArrayList<>();
    for (String word : text.split(" ")) {
      events.add(
          "data: {\"id\":\""
              + id
              + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":"
              + "{\"content\":\""
              + word
              + " \"}}]}\n\n");
    }
    events.add("data: [DONE]\n\n");
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    for (String event : events) {
      exchange.getResponseBody().write(event.getBytes(StandardCharsets.UTF_8));
      exchange.getResponseBody().flush();
      if (mode == Mode.STALL_MID_STREAM) {
        try {
          closed.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
    }
  }

  private static String errorJson(String message) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"authentication_error\"}}";
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
  }
}
