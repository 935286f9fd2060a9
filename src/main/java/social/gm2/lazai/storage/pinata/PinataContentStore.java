package social.gm2.lazai.storage.pinata;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.storage.Cid;
import social.gm2.lazai.storage.ContentStore;
import social.gm2.lazai.storage.OpenContent;
import social.gm2.lazai.storage.StorageException;
import social.gm2.lazai.storage.StorageProperties;
import social.gm2.lazai.storage.StoredContent;
import social.gm2.lazai.storage.cid.CidInputStream;
import social.gm2.lazai.storage.cid.ContentLengthException;

/**
 * The production {@link ContentStore}: Pinata's v3 API over the JDK HTTP client, as the original
 * service used it (lazai-protocol §7) but uploading the real bytes. The CIDv1 that Kubo would give
 * the file is computed while the upload streams, and Pinata's answer must name the same CID: the
 * share URL goes on chain, so a file stored under some other identity is refused, not recorded.
 *
 * <p>Files are read back through the configured gateway, never with the JWT; {@code contains} asks
 * Pinata's file list first, because a public gateway would search the whole IPFS network for an
 * unknown CID.
 */
public final class PinataContentStore implements ContentStore {
  private static final Logger log = LoggerFactory.getLogger(PinataContentStore.class);

  /** A slow link still uploads a large file: each 256 KiB adds a second to the timeout. */
  private static final long MIN_UPLOAD_BYTES_PER_SECOND = 256 * 1024;

  /** Pinata's JSON answers are small; a larger one is not read. */
  static final long MAX_ANSWER = 1024 * 1024;

  private final HttpClient http;
  private final StorageProperties.Pinata settings;
  private final long maxSize;
  private final PinataResponses responses;

  PinataContentStore(
      HttpClient http, StorageProperties.Pinata settings, long maxSize, Clock clock) {
    if (settings.jwt() == null) {
      throw new IllegalArgumentException(
          "the Pinata store needs IPFS_JWT (lazai.storage.pinata.jwt)");
    }
    this.http = http;
    this.settings = settings;
    this.maxSize = maxSize;
    this.responses = new PinataResponses(settings.jwt(), clock);
  }

  /**
   * A store with its own HTTP client: HTTP/1.1 (a streamed body with a known Content-Length, and no
   * h2c upgrade attempt on plain-http test servers) and no redirects (the JWT must not follow one,
   * and a redirected upload could not resend its stream).
   */
  public static PinataContentStore create(
      StorageProperties.Pinata settings, long maxSize, Clock clock) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.connectTimeout())
            .build();
    return new PinataContentStore(http, settings, maxSize, clock);
  }

  @Override
  public StoredContent put(InputStream content, long length, String fileName) {
    if (length < 0 || length > maxSize) {
      throw StorageException.permanent(
          String.format(
              "Pinata upload of %s refused: its length %d is not within 0..%d"
                  + " (lazai.storage.max-size)",
              fileName, length, maxSize));
    }
    CidInputStream hashing = new CidInputStream(content, length, 1);
    if (length == 0) {
      finish(hashing, fileName); // checks the stream is really empty before sending nothing
    }
    Cid cid = upload(hashing, length, fileName);
    Cid computed = finish(hashing, fileName);
    if (!cid.equals(computed)) {
      throw StorageException.permanent(
          String.format(
              "Pinata stored %s as %s, but its bytes hash to %s"
                  + " (Kubo's --cid-version=1: raw leaves, 256 KiB chunks, 174 links per node)",
              fileName, cid, computed));
    }
    log.debug("pinned cid={} size={} name={}", cid, length, fileName);
    return new StoredContent(
        cid, settings.gatewayUrl() + "/ipfs/" + cid + "?download=true", length);
  }

  /** {@code POST /v3/files}; returns the CID Pinata says it stored. */
  private Cid upload(CidInputStream hashing, long length, String fileName) {
    MultipartUpload body = MultipartUpload.of(fileName);
    HttpRequest request =
        authorized(URI.create(settings.uploadUrl() + "/v3/files"))
            .timeout(allowance(length))
            .header("Content-Type", body.contentType())
            .POST(body.publisher(hashing, length))
            .build();
    HttpResponse<String> response = send(request, "upload of " + fileName, hashing);
    responses.check(response, "upload of " + fileName);
    return responses.uploadedCid(response);
  }

  @Override
  public Optional<OpenContent> open(Cid cid) {
    if (!contains(cid)) {
      return Optional.empty();
    }
    URI uri = URI.create(settings.gatewayUrl() + "/ipfs/" + cid);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.timeout()).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = BoundedHttp.stream(http, request, maxSize, allowance(maxSize));
    } catch (IOException e) {
      throw StorageException.retryable("Pinata gateway download " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StorageException.retryable("interrupted while downloading " + uri, e);
    }
    if (response.statusCode() == 200) {
      long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      return Optional.of(new OpenContent(cid, size, response.body()));
    }
    String body = errorBody(response.body());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    throw responses.failure(
        response.statusCode(), response.headers(), body, "gateway download", uri);
  }

  @Override
  public boolean contains(Cid cid) {
    URI uri =
        URI.create(
            settings.apiUrl()
                + "/v3/files/public?limit=1&cid="
                + URLEncoder.encode(cid.value(), StandardCharsets.UTF_8));
    HttpRequest request = authorized(uri).timeout(settings.timeout()).GET().build();
    HttpResponse<String> response = send(request, "file list", null);
    responses.check(response, "file list");
    return responses.lists(response, cid);
  }

  private HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + settings.jwt().reveal());
  }

  /** The call timeout, and one second more per 256 KiB to move. */
  private Duration allowance(long bytes) {
    return settings.timeout().plus(Duration.ofSeconds(bytes / MIN_UPLOAD_BYTES_PER_SECOND));
  }

  /**
   * One API call: its answer read up to {@value #MAX_ANSWER} bytes, the whole exchange within the
   * request's timeout (not only until the headers).
   */
  private HttpResponse<String> send(HttpRequest request, String what, CidInputStream upload) {
    try {
      Duration deadline = request.timeout().orElse(settings.timeout());
      return BoundedHttp.text(http, request, MAX_ANSWER, deadline);
    } catch (IOException e) {
      if (upload != null && upload.lengthProblem() != null) {
        throw StorageException.permanent(
            "Pinata " + what + " refused: " + upload.lengthProblem().getMessage(), e);
      }
      throw StorageException.retryable(
          "Pinata " + what + " at " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StorageException.retryable("interrupted during the Pinata " + what, e);
    }
  }

  private static Cid finish(CidInputStream hashing, String fileName) {
    try {
      return hashing.finish().cid();
    } catch (ContentLengthException e) {
      throw StorageException.permanent(
          "Pinata upload of " + fileName + " refused: " + e.getMessage(), e);
    } catch (IOException e) {
      throw StorageException.retryable("reading " + fileName + " for Pinata failed: " + e, e);
    }
  }

  private static String errorBody(InputStream body) {
    try (body) {
      return new String(body.readNBytes(4096), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
