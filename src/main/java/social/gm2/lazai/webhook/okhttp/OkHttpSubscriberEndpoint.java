package social.gm2.lazai.webhook.okhttp;

import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import social.gm2.lazai.chain.ForbiddenNodeUrlException;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.webhook.Subscriber;
import social.gm2.lazai.webhook.SubscriberEndpoint;
import social.gm2.lazai.webhook.WebhookUrlPolicy;

/**
 * {@link SubscriberEndpoint} over OkHttp, under the node URL policy: each delivery resolves the
 * subscriber's host once, refuses it unless every address is public (or in {@code
 * lazai.webhooks.allowed-networks}), and connects only to the addresses it checked (OkHttp's {@code
 * Dns} pinned to them; TLS still checks the host name). No redirects, no proxy, no retries inside a
 * call; the whole call must end within the timeout, and at most {@value #MAX_ANSWER} bytes of an
 * answer are read (the status is what counts).
 */
public final class OkHttpSubscriberEndpoint implements SubscriberEndpoint {
  static final int MAX_ANSWER = 4096;
  private static final MediaType JSON = MediaType.get("application/json");

  private final NodeUrlPolicy policy;
  private final OkHttpClient http;

  public OkHttpSubscriberEndpoint(NodeUrlPolicy policy, Duration connectTimeout, Duration timeout) {
    this.policy = policy;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .proxy(Proxy.NO_PROXY)
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .build();
  }

  @Override
  public int post(Subscriber subscriber, Map<String, String> headers, String body) {
    NodeUrlPolicy.Target target;
    try {
      target = policy.resolve(subscriber.url());
    } catch (ForbiddenNodeUrlException e) {
      throw new DeliveryException(WebhookUrlPolicy.problem(e), null);
    }
    OkHttpClient pinned = http.newBuilder().dns(target::lookup).build();
    Request.Builder request =
        new Request.Builder().url(subscriber.url()).post(RequestBody.create(body, JSON));
    headers.forEach(request::header);
    try (Response response = pinned.newCall(request.build()).execute()) {
      if (response.body() != null) {
        response.body().source().read(new Buffer(), MAX_ANSWER);
      }
      return response.code();
    } catch (IOException e) {
      throw new DeliveryException("no answer from subscriber " + subscriber.name() + ": " + e, e);
    }
  }
}
