package social.gm2.lazai.chain.web3j;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/**
 * A span ({@code lazai.rpc}) per JSON-RPC request, named for its method ({@code eth_call}, {@code
 * eth_sendRawTransaction}…; {@code batch} for a batch). Only the method is read from the request:
 * its parameters (signed transactions, call data) and the endpoint's URL, which often carries a
 * provider key, stay out of the span.
 */
final class RpcObservation implements Interceptor {
  private static final Pattern METHOD =
      Pattern.compile("\"method\"\\s*:\\s*\"([A-Za-z0-9_]{1,64})\"");
  private static final long PEEK = 4096;

  private final ObservationRegistry observations;

  RpcObservation(ObservationRegistry observations) {
    this.observations = observations;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (observations.isNoop()) {
      return chain.proceed(chain.request());
    }
    String method = method(chain.request());
    Observation observation =
        Observation.createNotStarted("lazai.rpc", observations)
            .contextualName("rpc " + method)
            .lowCardinalityKeyValue("rpc.system", "jsonrpc")
            .lowCardinalityKeyValue("rpc.method", method)
            .start();
    try {
      Response response = chain.proceed(chain.request());
      observation.lowCardinalityKeyValue(
          "http.response.status_code", Integer.toString(response.code()));
      return response;
    } catch (IOException | RuntimeException e) {
      observation.error(e);
      throw e;
    } finally {
      observation.stop();
    }
  }

  private static String method(Request request) throws IOException {
    if (request.body() == null) {
      return "unknown";
    }
    Buffer body = new Buffer();
    request.body().writeTo(body);
    String start =
        body.readString(Math.min(PEEK, body.size()), StandardCharsets.UTF_8).stripLeading();
    if (start.startsWith("[")) {
      return "batch";
    }
    Matcher m = METHOD.matcher(start);
    return m.find() ? m.group(1) : "unknown";
  }
}
