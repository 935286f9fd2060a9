package social.gm2.lazai.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON-RPC proxy in front of a real node that counts requests per method and can misbehave like
 * hosted RPC providers do: refuse {@code eth_getLogs} ranges wider than a limit (error -32005, as
 * Infura and Alchemy answer) and fail every n-th request with HTTP 503.
 */
public final class RpcProxy implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.shared();

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService workers = Executors.newFixedThreadPool(8);
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI upstream;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong refusedRanges = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile long maxLogRange = Long.MAX_VALUE;
  private volatile long failEvery = 0;
  private volatile boolean down;

  private RpcProxy(HttpServer server, URI upstream) {
    this.server = server;
    this.upstream = upstream;
  }

  public static RpcProxy start(String upstreamUrl) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    RpcProxy proxy = new RpcProxy(server, URI.create(upstreamUrl));
    server.createContext("/", proxy::handle);
    server.setExecutor(proxy.workers);
    server.start();
    return proxy;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Refuse {@code eth_getLogs} over more than {@code blocks} blocks (inclusive range). */
  public RpcProxy maxLogRange(long blocks) {
    this.maxLogRange = blocks;
    return this;
  }

  /** Answer every {@code n}-th request with HTTP 503 (0: never). */
  public RpcProxy failEvery(long n) {
    this.failEvery = n;
    return this;
  }

  /** While down, answer every request with HTTP 503, as a provider that is unavailable. */
  public RpcProxy down(boolean down) {
    this.down = down;
    return this;
  }

  public long count(String method) {
    AtomicLong n = counts.get(method);
    return n == null ? 0 : n.get();
  }

  /** Requests counted since the last {@link #reset()}, all methods. */
  public long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Requests per method since the last {@link #reset()}, a snapshot. */
  public Map<String, Long> counts() {
    Map<String, Long> snapshot = new java.util.TreeMap<>();
    counts.forEach((method, n) -> snapshot.put(method, n.get()));
    return snapshot;
  }

  public long refusedRanges() {
    return refusedRanges.get();
  }

  public long failed() {
    return failed.get();
  }

  /** Forgets every count: requests per method, refused ranges and failed requests. */
  public void reset() {
    counts.clear();
    refusedRanges.set(0);
    failed.set(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      JsonNode request = JSON.readTree(body);
      String method = request.path("method").asString("?");
      counts.computeIfAbsent(method, m -> new AtomicLong()).incrementAndGet();
      long n = requests.incrementAndGet();
      if (down || (failEvery > 0 && n % failEvery == 0)) {
        failed.incrementAndGet();
        reply(exchange, 503, "{\"error\":\"temporarily unavailable\"}");
        return;
      }
      if (method.equals("eth_getLogs") && span(request) > maxLogRange) {
        refusedRanges.incrementAndGet();
        reply(
            exchange,
            200,
            "{\"jsonrpc\":\"2.0\",\"id\":"
                + request.path("id")
                + ",\"error\":{\"code\":-32005,\"message\":\"block range too large: at most "
                + maxLogRange
                + " blocks\"}}");
        return;
      }
      HttpResponse<byte[]> answer =
          http.send(
              HttpRequest.newBuilder(upstream)
                  .header("Content-Type", "application/json")
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      reply(exchange, answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long span(JsonNode request) {
    JsonNode filter = request.path("params").path(0);
    String from = filter.path("fromBlock").asString("");
    String to = filter.path("toBlock").asString("");
    if (!from.startsWith("0x") || !to.startsWith("0x")) {
      return Long.MAX_VALUE; // "latest", "earliest": unbounded
    }
    return Long.parseLong(to.substring(2), 16) - Long.parseLong(from.substring(2), 16) + 1;
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
