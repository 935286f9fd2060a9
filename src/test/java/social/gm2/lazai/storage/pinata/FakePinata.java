package social.gm2.lazai.storage.pinata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import social.gm2.lazai.storage.Cid;
import social.gm2.lazai.storage.cid.UnixFsBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pinata's v3 API as documented, on 127.0.0.1 and a free port, for tests: {@code POST /v3/files}
 * (bearer JWT, streamed multipart with {@code file} and {@code network}, real CIDv1 computed with
 * the service's own CID code, {@code {"data":{…}}} in snake_case), {@code GET
 * /v3/files/public?cid=} and a gateway at {@code /ipfs/<cid>}. Tests queue {@link Fault}s for the
 * next uploads and read back what was received, including a live count of file bytes, which proves
 * a client streams.
 */
final class FakePinata implements AutoCloseable {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

  private final String jwt;
  private final Path files;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final List<Upload> uploads = new CopyOnWriteArrayList<>();
  private final Map<Cid, Upload> pinned = new ConcurrentHashMap<>();
  private final AtomicLong fileBytes = new AtomicLong();

  /** One received upload as Pinata saw it. */
  record Upload(
      String name, String network, String partType, long size, Cid cid, long contentLength) {}

  private FakePinata(String jwt, Path files) throws IOException {
    this.jwt = jwt;
    this.files = files;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v3/files", new ReportingHandler(this::files));
    server.createContext("/ipfs/", new ReportingHandler(this::gateway));
    server.setExecutor(executor);
    server.start();
  }

  static FakePinata start(String jwt, Path files) throws IOException {
    return new FakePinata(jwt, files);
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void fail(Fault fault) {
    faults.add(fault);
  }

  List<Upload> uploads() {
    return List.copyOf(uploads);
  }

  /** File-part bytes received so far, counted as they arrive. */
  long fileBytesReceived() {
    return fileBytes.get();
  }

  @Override
  public void close() {
    faults.forEach(Fault::release);
    server.stop(0);
    executor.shutdownNow();
  }

  private void files(HttpExchange exchange) throws IOException {
    if (!("Bearer " + jwt).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
      error(exchange, 401, "INVALID_CREDENTIALS", "Invalid/expired credentials provided.");
    } else if (exchange.getRequestMethod().equals("POST")
        && exchange.getRequestURI().getPath().equals("/v3/files")) {
      upload(exchange);
    } else if (exchange.getRequestMethod().equals("GET")
        && exchange.getRequestURI().getPath().equals("/v3/files/public")) {
      list(exchange);
    } else {
      error(exchange, 404, "NOT_FOUND", "no such route");
    }
  }

  private void upload(HttpExchange exchange) throws IOException {
    String type = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type"));
    Matcher boundary = BOUNDARY.matcher(type);
    if (!type.startsWith("multipart/form-data") || !boundary.find()) {
      error(exchange, 400, "INVALID_REQUEST", "expected multipart/form-data");
      return;
    }
    Path temp = Files.createTempFile(files, "upload-", ".part");
    try {
      Received received = receive(exchange, boundary.group(1), temp);
      Fault fault = faults.poll();
      if (fault != null && fault.status() > 0) {
        fault.awaitRelease();
        fault.answer(exchange);
      } else if (received.network == null || !received.network.matches("public|private")) {
        error(exchange, 400, "INVALID_REQUEST", "network must be public or private");
      } else if (received.name == null) {
        error(exchange, 400, "INVALID_REQUEST", "a file part is required");
      } else {
        Upload upload = store(exchange, received, temp);
        boolean duplicate = pinned.putIfAbsent(upload.cid(), upload) != null;
        Cid answered = fault != null ? Cid.v1(Cid.RAW, new byte[32]) : upload.cid();
        json(exchange, 200, fileJson(upload, answered, duplicate));
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private record Received(String network, String name, String partType, long size, Cid cid) {}

  private Received receive(HttpExchange exchange, String boundary, Path temp) throws IOException {
    InputStream body = new BufferedInputStream(exchange.getRequestBody(), 1 << 16);
    MultipartReader parts = new MultipartReader(body, boundary);
    String network = null;
    String name = null;
    String partType = null;
    long size = 0;
    Cid cid = null;
    for (Map<String, String> headers; (headers = parts.nextHeaders()) != null; ) {
      String disposition = headers.getOrDefault("content-disposition", "");
      Matcher field = NAME.matcher(disposition);
      String fieldName = field.find() ? field.group(1) : "";
      if (fieldName.equals("file")) {
        Matcher filename = FILENAME.matcher(disposition);
        name = filename.find() ? filename.group(1) : "";
        partType = headers.get("content-type");
        UnixFsBuilder builder = new UnixFsBuilder(1);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
          size = parts.body(new Tee(out, builder));
        }
        cid = builder.finish().cid();
      } else if (fieldName.equals("network")) {
        network = parts.text();
      } else {
        parts.text();
      }
    }
    return new Received(network, name, partType, size, cid);
  }

  private Upload store(HttpExchange exchange, Received received, Path temp) throws IOException {
    // Pinata accepts the same content uploaded at once by several clients. A plain REPLACE_EXISTING
    // move is not safe for that on JDK 17: it deletes an existing target and then renames, so two
    // uploads of one CID race and the later delete fails (NoSuchFileException). rename(2) replaces
    // the target atomically (the temp file is in the same directory).
    Files.move(temp, files.resolve(received.cid.value()), StandardCopyOption.ATOMIC_MOVE);
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    Upload upload =
        new Upload(
            received.name,
            received.network,
            received.partType,
            received.size,
            received.cid,
            length == null ? -1 : Long.parseLong(length));
    uploads.add(upload);
    return upload;
  }

  private void list(HttpExchange exchange) throws IOException {
    String query = String.valueOf(exchange.getRequestURI().getQuery());
    Matcher cid = Pattern.compile("(?:^|&)cid=([^&]+)").matcher(query);
    ObjectNode answer = JsonMapper.shared().createObjectNode();
    ObjectNode data = answer.putObject("data");
    ArrayNode list = data.putArray("files");
    if (cid.find()) {
      Upload upload = pinned.get(Cid.parse(cid.group(1)));
      if (upload != null) {
        list.add(fileJson(upload, upload.cid(), false).get("data"));
      }
    }
    data.putNull("next_page_token");
    json(exchange, 200, answer);
  }

  private void gateway(HttpExchange exchange) throws IOException {
    String cid = exchange.getRequestURI().getPath().substring("/ipfs/".length());
    Path file = files.resolve(cid);
    if (!cid.matches("[A-Za-z0-9]+") || !Files.isRegularFile(file)) {
      byte[] body = "not found".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    long size = Files.size(file);
    exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
    Files.copy(file, exchange.getResponseBody());
  }

  private static ObjectNode fileJson(Upload upload, Cid cid, boolean duplicate) {
    String now = Instant.now().toString();
    ObjectNode answer = JsonMapper.shared().createObjectNode();
    ObjectNode data = answer.putObject("data");
    data.put("id", UUID.randomUUID().toString());
    data.put("name", upload.name());
    data.put("cid", cid.value());
    data.put("size", upload.size());
    data.put("number_of_files", 1);
    data.put("mime_type", upload.partType());
    data.putNull("group_id");
    data.putObject("keyvalues");
    data.put("created_at", now);
    data.put("updated_at", now);
    data.put("network", upload.network());
    data.put("streamable", false);
    data.put("accept_duplicates", true);
    data.put("is_duplicate", duplicate);
    data.put("vectorized", false);
    return answer;
  }

  static void error(HttpExchange exchange, int status, String reason, String details)
      throws IOException {
    ObjectNode error = JsonMapper.shared().createObjectNode();
    error.putObject("error").put("reason", reason).put("details", details);
    json(exchange, status, error);
  }

  private static void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = JsonMapper.shared().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /** Writes file bytes to disk and to the CID builder, and counts them as they arrive. */
  private final class Tee extends OutputStream {
    private final OutputStream disk;
    private final UnixFsBuilder builder;

    Tee(OutputStream disk, UnixFsBuilder builder) {
      this.disk = disk;
      this.builder = builder;
    }

    @Override
    public void write(int b) throws IOException {
      disk.write(b);
      builder.write(b);
      fileBytes.incrementAndGet();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      disk.write(bytes, offset, length);
      builder.write(bytes, offset, length);
      fileBytes.addAndGet(length);
    }
  }
}
