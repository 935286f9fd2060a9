package social.gm2.lazai.storage.local;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import social.gm2.lazai.storage.Cid;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET|HEAD /ipfs/{cid}}: the local store's files, the way an IPFS gateway serves them, so
 * that a share URL from the local store works like a Pinata one. {@code ?download=true} (or {@code
 * ?filename=}) asks for an attachment; a single {@code Range: bytes=a-b} gets 206; the CID is the
 * strong ETag (content never changes under a CID, so it is also cacheable forever).
 *
 * <p>A plain servlet rather than a Spring MVC controller: {@code storage} keeps away from {@code
 * org.springframework.web} (see the architecture rules); {@code org.springframework.http} still
 * parses ranges and writes Content-Disposition.
 */
public final class IpfsGatewayServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final int BUFFER = 64 * 1024;
  private static final String IMMUTABLE = "public, max-age=29030400, immutable";

  private final transient LocalContentStore store;

  public IpfsGatewayServlet(LocalContentStore store) {
    this.store = store;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve(request, response, true);
  }

  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    serve(request, response, false);
  }

  private void serve(HttpServletRequest request, HttpServletResponse response, boolean body)
      throws IOException {
    String path = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
    if (path.contains("/")) {
      problem(response, 404, "this gateway serves whole files, not paths inside them", request);
      return;
    }
    Cid cid;
    try {
      cid = Cid.parse(path);
    } catch (IllegalArgumentException e) {
      problem(response, 400, e.getMessage(), request);
      return;
    }
    Optional<Path> file = store.file(cid);
    if (file.isEmpty()) {
      problem(response, 404, "no file with CID " + cid + " is stored here", request);
      return;
    }
    headers(request, response, cid);
    if (etagMatches(request.getHeader(HttpHeaders.IF_NONE_MATCH), cid)) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
    } else {
      send(file.get(), request.getHeader(HttpHeaders.RANGE), response, body);
    }
  }

  /** The file, or the one range of it that was asked for. */
  private static void send(
      Path file, String rangeHeader, HttpServletResponse response, boolean body)
      throws IOException {
    long size = Files.size(file);
    Optional<ByteRange> range = ByteRange.of(rangeHeader, size);
    if (range.isPresent() && !range.get().satisfiable()) {
      response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
      response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
      return;
    }
    ByteRange part = range.orElse(ByteRange.whole(size));
    if (range.isPresent()) {
      response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
      response.setHeader(HttpHeaders.CONTENT_RANGE, part.contentRange(size));
    }
    response.setContentLengthLong(part.length());
    if (body) {
      copy(file, part, response.getOutputStream());
    }
  }

  private static void headers(HttpServletRequest request, HttpServletResponse response, Cid cid) {
    response.setContentType(MediaType.APPLICATION_OCTET_STREAM_VALUE);
    response.setHeader(HttpHeaders.ETAG, "\"" + cid + "\"");
    response.setHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE);
    response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    response.setHeader("X-Ipfs-Path", "/ipfs/" + cid);
    String filename = request.getParameter("filename");
    if ("true".equals(request.getParameter("download")) || filename != null) {
      String name = filename == null || filename.isBlank() ? cid.value() : filename;
      ContentDisposition.Builder attachment = ContentDisposition.attachment();
      // RFC 6266: plain filename when ASCII does, filename* (RFC 5987) only when it does not.
      boolean ascii = StandardCharsets.US_ASCII.newEncoder().canEncode(name);
      attachment =
          ascii ? attachment.filename(name) : attachment.filename(name, StandardCharsets.UTF_8);
      response.setHeader(HttpHeaders.CONTENT_DISPOSITION, attachment.build().toString());
    }
  }

  private static boolean etagMatches(String ifNoneMatch, Cid cid) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String value = tag.strip().replaceFirst("^W/", "");
      if (value.equals("*") || value.equals("\"" + cid + "\"")) {
        return true;
      }
    }
    return false;
  }

  private static void copy(Path file, ByteRange part, OutputStream out) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
      long position = part.start();
      long end = part.start() + part.length();
      while (position < end) {
        buffer.clear().limit((int) Math.min(BUFFER, end - position));
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new IOException("the file " + file + " is shorter than it was a moment ago");
        }
        out.write(buffer.array(), 0, n);
        position += n;
      }
    }
  }

  private static void problem(
      HttpServletResponse response, int status, String detail, HttpServletRequest request)
      throws IOException {
    ObjectNode problem = JsonMapper.shared().createObjectNode();
    problem.put("type", "about:blank");
    problem.put("title", status == 400 ? "Bad Request" : "Not Found");
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("instance", request.getRequestURI());
    byte[] json = JsonMapper.shared().writeValueAsBytes(problem);
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setContentLength(json.length);
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(json);
    }
  }
}
