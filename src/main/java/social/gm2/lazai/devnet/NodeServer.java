package social.gm2.lazai.devnet;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.config.ConfigurationException;

/**
 * What the simulated nodes share around their handlers: the chain client, checked to be the
 * configured chain, a JDK HTTP server on the configured host and port, the URL the node registers
 * on chain, and the worker pool, all opened and closed together.
 */
final class NodeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeServer.class);

  private final Web3j web3;
  private final HttpServer server;
  private final ExecutorService workers;
  private final String url;

  /** Starts a node from its settings and answers how to stop it. */
  interface Launch {
    Runnable start() throws Exception;
  }

  /**
   * Runs the node {@code launch} starts until the process is stopped (a shutdown hook stops it).
   * Exits with 2 on a configuration problem, 1 if the node cannot start.
   */
  static void runUntilStopped(String name, Launch launch) {
    try {
      Runtime.getRuntime().addShutdownHook(new Thread(launch.start(), name + "-stop"));
    } catch (ConfigurationException e) {
      System.err.println(name + ": configuration: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println(
          name
              + " cannot start: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      System.exit(1);
    }
  }

  /** Builds a node on an opened {@link NodeServer}. */
  interface Assembly<T> {
    T assemble(Web3j web3, NodeServer server) throws IOException, InterruptedException;
  }

  private NodeServer(Web3j web3, HttpServer server, ExecutorService workers, String url) {
    this.web3 = web3;
    this.server = server;
    this.workers = workers;
    this.url = url;
  }

  /**
   * Connects to {@code rpcUrl}, requires chain {@code chainId}, binds {@code host:port} (0: a free
   * port) and lets {@code assembly} build the node; whatever was opened is closed again when any of
   * it fails.
   *
   * @param publicUrl the URL to register instead of the bound address (behind a proxy), or null
   */
  static <T> T open(
      String rpcUrl,
      long chainId,
      String host,
      int port,
      String publicUrl,
      ExecutorService workers,
      Assembly<T> assembly)
      throws IOException, InterruptedException {
    Web3j web3 = Web3j.build(new HttpService(rpcUrl));
    HttpServer server = null;
    try {
      NodeRegistration.requireChainId(web3, chainId);
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
      String url = publicUrl != null ? publicUrl : address(host, server.getAddress().getPort());
      return assembly.assemble(web3, new NodeServer(web3, server, workers, url));
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (server != null) {
        server.stop(0);
      }
      workers.shutdownNow();
      web3.shutdown();
      throw e;
    }
  }

  /** The base URL registered on chain. */
  String url() {
    return url;
  }

  /** Where the server listens; differs from {@link #url()} when a public URL is configured. */
  String localUrl() {
    return address(server.getAddress().getHostString(), server.getAddress().getPort());
  }

  /** Starts serving every path with {@code handler} on the worker pool. */
  void serve(HttpHandler handler) {
    server.setExecutor(workers);
    server.createContext("/", handler);
    server.start();
  }

  /** Stops listening and interrupts requests in progress (a hanging one is dropped). */
  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("simulated node at {}: requests still running after 10 s", url);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    web3.shutdown();
  }

  private static String address(String host, int port) {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
