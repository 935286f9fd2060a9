package social.gm2.lazai.signer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A signing server that follows Web3Signer's documented Ethereum JSON-RPC signing API, with a
 * {@link Signer} (the keystore adapter, in the tests) inside: {@code eth_accounts}; {@code eth_sign
 * [address, data]} (hex data when it starts with 0x, UTF-8 text otherwise, EIP-191 prefix added
 * here); {@code eth_signTransaction [{from, to, gas, gasPrice | maxPriorityFeePerGas +
 * maxFeePerGas, nonce, value, data}]} on the server's own chain id (Web3Signer's {@code
 * --chain-id}; a {@code chainId} field is ignored, as Web3Signer ignores unknown fields), nonce
 * required, gas 90000 and gas price 0 by default, answering the signed bytes. Errors as Web3Signer
 * sends them: parse error, invalid request and invalid params with HTTP 400; "No unlocked account
 * matches the Sender" (-32000) with HTTP 200. Contract creation (no {@code to}) is not supported
 * here. A {@link Fault} makes it misbehave for the failure tests.
 */
final class LocalWeb3Signer implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.shared();

  /** How the server misbehaves. */
  enum Fault {
    NONE,
    /** HTTP 503 with a JSON-RPC internal error, as a proxy or an overloaded signer answers. */
    UNAVAILABLE,
    /** HTTP 400 invalid params for every signing call. */
    BAD_REQUEST,
    /** Never answers. */
    HANG,
    /** Answers a result far larger than any signature. */
    HUGE,
    /** Signs with another key while it lists the configured address. */
    OTHER_KEY
  }

  private final HttpServer server;
  private final Signer inside;
  private final Signer impostor;
  private final long chainId;
  private final CountDownLatch released = new CountDownLatch(1);
  final AtomicInteger requests = new AtomicInteger();
  volatile Fault fault = Fault.NONE;

  private LocalWeb3Signer(HttpServer server, Signer inside, Signer impostor, long chainId) {
    this.server = server;
    this.inside = inside;
    this.impostor = impostor;
    this.chainId = chainId;
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /** Over http on a free loopback port. */
  static LocalWeb3Signer start(Signer inside, Signer impostor, long chainId) throws IOException {
    return new LocalWeb3Signer(
        HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), inside, impostor, chainId);
  }

  /** Over https with {@code tls}; {@code clientAuth} requires a client certificate. */
  static LocalWeb3Signer startTls(Signer inside, long chainId, SSLContext tls, boolean clientAuth)
      throws IOException {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(tls) {
          @Override
          public void configure(HttpsParameters params) {
            var ssl = tls.getDefaultSSLParameters();
            ssl.setNeedClientAuth(clientAuth);
            params.setSSLParameters(ssl);
          }
        });
    return new LocalWeb3Signer(server, inside, inside, chainId);
  }

  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (fault == Fault.HANG) {
        released.await();
        return;
      }
      JsonNode request;
      try {
        request = JSON.readTree(body);
      } catch (RuntimeException e) {
        send(exchange, 400, error(null, -32700, "Parse error"));
        return;
      }
      JsonNode id = request.path("id");
      if (!request.path("method").isString()) {
        send(exchange, 400, error(id, -32600, "Invalid Request"));
        return;
      }
      answer(exchange, id, request.get("method").asString(), request.path("params"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void answer(HttpExchange exchange, JsonNode id, String method, JsonNode params)
      throws IOException {
    if (fault == Fault.UNAVAILABLE) {
      send(exchange, 503, error(id, -32603, "Internal error"));
      return;
    }
    if (fault == Fault.BAD_REQUEST && !method.equals("eth_accounts")) {
      send(exchange, 400, error(id, -32602, "Invalid params"));
      return;
    }
    try {
      Object result =
          switch (method) {
            case "eth_accounts" -> List.of(inside.address().toLowerCase(Locale.ROOT));
            case "eth_sign" -> sign(params);
            case "eth_signTransaction" -> signTransaction(params);
            default -> throw new RpcError(200, -32601, "Method not found");
          };
      if (fault == Fault.HUGE) {
        result = "0x" + "00".repeat(1 << 20);
      }
      ObjectNode ok = JSON.createObjectNode();
      ok.put("jsonrpc", "2.0");
      ok.set("id", id);
      ok.set("result", JSON.valueToTree(result));
      send(exchange, 200, ok);
    } catch (RpcError e) {
      send(exchange, e.status, error(id, e.code, e.getMessage()));
    }
  }

  private String sign(JsonNode params) {
    if (!params.isArray() || params.size() != 2 || !params.get(1).isString()) {
      throw invalidParams();
    }
    held(params.get(0).asString());
    String data = params.get(1).asString();
    byte[] message =
        data.toLowerCase(Locale.ROOT).startsWith("0x")
            ? HexFormat.of().parseHex(data.substring(2))
            : data.getBytes(StandardCharsets.UTF_8);
    return signer().signPersonalMessage(message);
  }

  private String signTransaction(JsonNode params) {
    if (!params.isArray() || params.size() != 1 || !params.get(0).isObject()) {
      throw invalidParams();
    }
    JsonNode tx = params.get(0);
    if (!tx.path("from").isString() || !tx.hasNonNull("nonce") || !tx.path("to").isString()) {
      throw invalidParams();
    }
    held(tx.get("from").asString());
    String data =
        tx.hasNonNull("data") ? tx.get("data").asString() : tx.path("input").asString("0x");
    try {
      BigInteger gas = quantity(tx, "gas", BigInteger.valueOf(90_000));
      long nonce = quantity(tx, "nonce", null).longValueExact();
      BigInteger value = quantity(tx, "value", BigInteger.ZERO);
      String to = tx.get("to").asString();
      TransactionRequest request =
          tx.hasNonNull("maxPriorityFeePerGas") && tx.hasNonNull("maxFeePerGas")
              ? TransactionRequest.eip1559(
                  chainId,
                  nonce,
                  quantity(tx, "maxPriorityFeePerGas", null),
                  quantity(tx, "maxFeePerGas", null),
                  gas,
                  to,
                  value,
                  data)
              : TransactionRequest.legacy(
                  chainId, nonce, quantity(tx, "gasPrice", BigInteger.ZERO), gas, to, value, data);
      return signer().signTransaction(request).raw();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw invalidParams();
    }
  }

  private Signer signer() {
    return fault == Fault.OTHER_KEY ? impostor : inside;
  }

  private void held(String address) {
    if (!address.equalsIgnoreCase(inside.address())) {
      throw new RpcError(200, -32000, "No unlocked account matches the Sender");
    }
  }

  private static BigInteger quantity(JsonNode tx, String field, BigInteger fallback) {
    if (!tx.hasNonNull(field)) {
      return fallback;
    }
    String text = tx.get(field).asString();
    if (!text.startsWith("0x") || text.length() < 3) {
      throw new IllegalArgumentException(field + " is not a quantity");
    }
    return new BigInteger(text.substring(2), 16);
  }

  private static RpcError invalidParams() {
    return new RpcError(400, -32602, "Invalid params");
  }

  private static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("jsonrpc", "2.0");
    answer.set("id", id);
    answer.putObject("error").put("code", code).put("message", message);
    return answer;
  }

  private static void send(HttpExchange exchange, int status, JsonNode answer) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(answer);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  /** A JSON-RPC error with the HTTP status Web3Signer gives it. */
  private static final class RpcError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final int code;

    RpcError(int status, int code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }
}
