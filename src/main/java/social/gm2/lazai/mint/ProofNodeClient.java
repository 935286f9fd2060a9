package social.gm2.lazai.mint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A verified-computing node's {@code POST /proof} (lazai-protocol §8), with the body the Node SDK
 * sends. A timeout, an unreachable node or a 5xx may pass and is retryable (against the same job);
 * a 4xx means the request itself is wrong and is not.
 */
final class ProofNodeClient implements ProofNode {
  private static final int MAX_ERROR_BODY = 300;

  private final HttpClient http;
  private final Duration readTimeout;
  private final JsonMapper json = JsonMapper.shared();

  ProofNodeClient(Duration connectTimeout, Duration readTimeout) {
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    this.readTimeout = readTimeout;
  }

  @Override
  public void requestProof(URI node, Request body) {
    URI endpoint = URI.create(node.toString().replaceAll("/+$", "") + "/proof");
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(endpoint)
                  .timeout(readTimeout)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new MintStepException(
          "the node at " + endpoint + " did not answer job " + body.jobId() + ": " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MintStepException("interrupted while calling " + endpoint, true, e);
    }
    int status = response.statusCode();
    if (status / 100 != 2) {
      // The reference node echoes the request in its errors: the seed and wrapped key stay out.
      String detail =
          response
              .body()
              .replace(body.encryptionKey(), "[encryption_key]")
              .replace(body.seed(), "[encryption_seed]")
              .replace(jsonEscaped(body.seed()), "[encryption_seed]");
      detail =
          detail.length() > MAX_ERROR_BODY ? detail.substring(0, MAX_ERROR_BODY) + "…" : detail;
      throw new MintStepException(
          "the node at "
              + endpoint
              + " answered "
              + status
              + " for job "
              + body.jobId()
              + ": "
              + detail,
          status >= 500 || status == 429 || status == 408,
          null);
    }
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
