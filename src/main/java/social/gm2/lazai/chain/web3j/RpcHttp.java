package social.gm2.lazai.chain.web3j;

import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * The HTTP client of the JSON-RPC endpoint: connect and read timeouts, an overall deadline per call
 * (a provider that trickles bytes cannot hold a worker forever), and a cap on the answer's size,
 * generous because {@code eth_getLogs} answers can be large.
 */
final class RpcHttp {
  static final long MAX_ANSWER = 64L * 1024 * 1024;
  static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

  private RpcHttp() {}

  static OkHttpClient client(long maxAnswer, Duration callTimeout) {
    return client(maxAnswer, callTimeout, ObservationRegistry.NOOP);
  }

  /** The same, with a span ({@code lazai.rpc}) per JSON-RPC call named for its method. */
  static OkHttpClient client(
      long maxAnswer, Duration callTimeout, ObservationRegistry observations) {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .callTimeout(callTimeout)
        .addInterceptor(new RpcObservation(observations))
        .addInterceptor(chain -> capped(chain.proceed(chain.request()), maxAnswer))
        .build();
  }

  /** The response with a body that fails once more than {@code max} bytes were read from it. */
  private static Response capped(Response response, long max) throws IOException {
    ResponseBody body = response.body();
    if (body == null) {
      return response;
    }
    long declared = body.contentLength();
    if (declared > max) {
      response.close();
      throw new AnswerTooLargeException(declared + " bytes", max);
    }
    BufferedSource source =
        Okio.buffer(
            new ForwardingSource(body.source()) {
              private long read;

              @Override
              public long read(Buffer sink, long byteCount) throws IOException {
                long n = super.read(sink, byteCount);
                read += Math.max(n, 0);
                if (read > max) {
                  throw new AnswerTooLargeException("more than " + max + " bytes", max);
                }
                return n;
              }
            });
    return response
        .newBuilder()
        .body(ResponseBody.create(source, body.contentType(), declared))
        .build();
  }

  /** An RPC answer over the cap; an I/O failure for web3j, retryable like any other. */
  static final class AnswerTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    AnswerTooLargeException(String size, long max) {
      super("the JSON-RPC answer has " + size + ", over the limit of " + max + " bytes");
    }
  }
}
