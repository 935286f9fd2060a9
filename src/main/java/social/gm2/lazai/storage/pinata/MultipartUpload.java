package social.gm2.lazai.storage.pinata;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code multipart/form-data} body of a Pinata upload, streamed: a text part {@code
 * network=public}, then the part {@code file} with the real bytes as {@code
 * application/octet-stream} (never the SDK's {@code text/plain} re-encoding that corrupts
 * ciphertexts, lazai-protocol §13.1). Only the few hundred bytes of part headers are held; the
 * content is pulled from its stream as the connection takes it, and the exact Content-Length is
 * known up front, so no chunked encoding is needed.
 */
final class MultipartUpload {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CRLF = "\r\n";

  private final String boundary;
  private final byte[] head;
  private final byte[] tail;

  private MultipartUpload(String boundary, String fileName) {
    this.boundary = boundary;
    this.head =
        ("--"
                + boundary
                + CRLF
                + "Content-Disposition: form-data; name=\"network\""
                + CRLF
                + CRLF
                + "public"
                + CRLF
                + "--"
                + boundary
                + CRLF
                + "Content-Disposition: form-data; name=\"file\"; filename=\""
                + escape(fileName)
                + "\""
                + CRLF
                + "Content-Type: application/octet-stream"
                + CRLF
                + CRLF)
            .getBytes(StandardCharsets.UTF_8);
    this.tail = (CRLF + "--" + boundary + "--" + CRLF).getBytes(StandardCharsets.UTF_8);
  }

  static MultipartUpload of(String fileName) {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    return new MultipartUpload("lazai-" + HexFormat.of().formatHex(random), fileName);
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /**
   * The body around {@code length} bytes of {@code content}. The stream can be sent once: if the
   * HTTP client asked for it again (it does not, with redirects off and no authenticator), the
   * request fails rather than sending a different body.
   */
  BodyPublisher publisher(InputStream content, long length) {
    BodyPublisher file =
        length == 0
            ? BodyPublishers.noBody()
            : BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(once(content)), length);
    return BodyPublishers.concat(
        BodyPublishers.ofByteArray(head), file, BodyPublishers.ofByteArray(tail));
  }

  private static java.util.function.Supplier<InputStream> once(InputStream content) {
    AtomicBoolean taken = new AtomicBoolean();
    return () ->
        taken.compareAndSet(false, true)
            ? content
            : new InputStream() {
              @Override
              public int read() throws IOException {
                throw new IOException("the content stream was already sent once");
              }
            };
  }

  /** As browsers and Node's FormData write a file name: UTF-8, with {@code " CR LF} escaped. */
  private static String escape(String fileName) {
    return fileName.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
  }
}
