package social.gm2.lazai.mint.proofnode;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.mint.ProofNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ProofNode} over HTTP: a verified-computing node's {@code POST /proof} (lazai-protocol §8),
 * with the body the Node SDK sends. A timeout, an unreachable node or a 5xx may pass and is
 * retryable (against the same job); a 4xx means the request itself is wrong and is not.
 *
 * <p>The node's URL, read from chain, must pass {@link NodeUrlPolicy} (public http(s) unless its
 * network is allowed; refused permanently otherwise). The call connects only to the addresses the
 * policy checked (OkHttp's {@code Dns} is pinned to them, so TLS still verifies the host name),
 * follows no redirect and uses no proxy; the whole call, answer included, must end within the read
 * timeout plus the connect timeout, and at most {@value #MAX_ANSWER} bytes of an answer are read.
 */
public final class HttpProofNode implements ProofNode {
  static final int MAX_ANSWER = 64 * 1024;
  private static final int MAX_ERROR_BODY = 300;
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final NodeUrlPolicy urls;
  private final OkHttpClient http;
  private final JsonMapper json = JsonMapper.shared();
  private final ObservationRegistry observations;

  public HttpProofNode(NodeUrlPolicy urls, Duration connectTimeout, Duration readTimeout) {
    this(urls, connectTimeout, readTimeout, ObservationRegistry.NOOP);
  }

  /**
   * @param observations each call is a span ({@code lazai.node}) with the job and file ids and the
   *     node's host; never the body (it carries the wrapped key and the seed)
   */
  public HttpProofNode(
      NodeUrlPolicy urls,
      Duration connectTimeout,
      Duration readTimeout,
      ObservationRegistry observations) {
    this.observations = observations;
    this.urls = urls;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeout)
            .readTimeout(readTimeout)
            .writeTimeout(readTimeout)
            .callTimeout(readTimeout.plus(connectTimeout))
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .proxy(Proxy.NO_PROXY)
            // Every call pins its own addresses: nothing to share between calls.
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .build();
  }

  @Override
  public void requestProof(String url, Request body) {
    Observation.createNotStarted("lazai.node", observations)
        .contextualName("node POST /proof")
        .highCardinalityKeyValue("lazai.job.id", String.valueOf(body.jobId()))
        .highCardinalityKeyValue("lazai.file.id", String.valueOf(body.fileId()))
        .highCardinalityKeyValue("server.address", String.valueOf(URI.create(url).getHost()))
        .observe(() -> call(urls.resolve(url), body));
  }

  /** The call to a node whose URL the policy resolved and checked. */
  void call(NodeUrlPolicy.Target node, Request body) {
    URI endpoint = URI.create(node.uri().toString().replaceAll("/+$", "") + "/proof");
    OkHttpClient pinned = http.newBuilder().dns(node::lookup).build();
    okhttp3.Request request =
        new okhttp3.Request.Builder()
            .url(endpoint.toString())
            .post(RequestBody.create(json(body), JSON_TYPE))
            .build();
    int status;
    String answer;
    try (Response response = pinned.newCall(request).execute()) {
      status = response.code();
      if (status / 100 == 2) {
        return;
      }
      answer = read(response, endpoint, body);
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        throw MintStepException.retryable("interrupted while calling " + endpoint, e);
      }
      throw MintStepException.retryable(
          "the node at " + endpoint + " did not answer job " + body.jobId() + " in time: " + e, e);
    } catch (IOException e) {
      throw MintStepException.retryable(
          "the node at " + endpoint + " did not answer job " + body.jobId() + ": " + e, e);
    }
    // The reference node echoes the request in its errors: the seed and wrapped key stay out.
    String detail = redact(answer, body);
    detail = detail.length() > MAX_ERROR_BODY ? detail.substring(0, MAX_ERROR_BODY) + "…" : detail;
    String refusal =
        "the node at "
            + endpoint
            + " answered "
            + status
            + " for job "
            + body.jobId()
            + ": "
            + detail;
    throw status >= 500 || status == 429 || status == 408
        ? MintStepException.retryable(refusal, null)
        : MintStepException.permanent(refusal);
  }

  /** The answer's body, at most {@link #MAX_ANSWER} bytes; a longer one is a retryable failure. */
  private static String read(Response response, URI endpoint, Request body) throws IOException {
    BufferedSource source = response.body().source();
    Buffer buffer = new Buffer();
    long read;
    do {
      read = source.read(buffer, 8192);
    } while (read != -1 && buffer.size() <= MAX_ANSWER);
    if (buffer.size() > MAX_ANSWER) {
      throw MintStepException.retryable(
          "the node at "
              + endpoint
              + " answered "
              + response.code()
              + " for job "
              + body.jobId()
              + " with more than "
              + MAX_ANSWER
              + " bytes; the rest was not read",
          null);
    }
    return buffer.readString(StandardCharsets.UTF_8);
  }

  private String redact(String answer, Request body) {
    String detail = answer;
    if (body.encryptionKey() != null && !body.encryptionKey().isEmpty()) {
      detail = detail.replace(body.encryptionKey(), "[encryption_key]");
    }
    if (body.seed() != null && !body.seed().isEmpty()) {
      detail =
          detail
              .replace(body.seed(), "[encryption_seed]")
              .replace(jsonEscaped(body.seed()), "[encryption_seed]");
    }
    return detail;
  }

  private String jsonEscaped(String text) {
    String quoted = json.writeValueAsString(text);
    return quoted.substring(1, quoted.length() - 1);
  }

  private String json(Request body) {
    ObjectNode node = json.createObjectNode();
    node.put("job_id", body.jobId());
    node.put("file_id", body.fileId());
    node.put("file_url", body.fileUrl());
    node.put("encryption_key", body.encryptionKey());
    node.put("encryption_seed", body.seed());
    node.putNull("nonce");
    node.putNull("proof_url");
    return json.writeValueAsString(node);
  }
}
