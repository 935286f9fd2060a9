package social.gm2.lazai.storage.pinata;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls whose whole exchange is bounded, not only the wait for the headers (which is all {@link
 * HttpRequest#timeout} bounds): a text answer is read up to a size cap and must be complete by a
 * deadline; a streamed download is cut at its size cap and closed at its deadline.
 */
final class BoundedHttp {
  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "pinata-deadlines");
            t.setDaemon(true);
            return t;
          });

  private BoundedHttp() {}

  /** An answer that passed its size cap. */
  static final class AnswerTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    AnswerTooLargeException(long max) {
      super("the answer has more than " + max + " bytes");
    }
  }

  /**
   * Sends the request and reads the answer as text, at most {@code maxAnswer} bytes, the whole
   * exchange within {@code deadline}.
   *
   * @throws HttpTimeoutException when the deadline passes; {@link AnswerTooLargeException}
   */
  static HttpResponse<String> text(
      HttpClient http, HttpRequest request, long maxAnswer, Duration deadline)
      throws IOException, InterruptedException {
    Capped capped = new Capped(maxAnswer);
    CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, info -> capped);
    try {
      return call.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      capped.cancel();
      call.cancel(true);
      throw new HttpTimeoutException("timed out: no complete answer within " + deadline);
    } catch (InterruptedException e) {
      capped.cancel();
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /**
   * Sends the request for a streamed answer: the headers must come within {@code deadline}, and the
   * body stream fails past {@code maxBytes} and is closed when the deadline passes.
   */
  static HttpResponse<InputStream> stream(
      HttpClient http, HttpRequest request, long maxBytes, Duration deadline)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    CompletableFuture<HttpResponse<InputStream>> call =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
    HttpResponse<InputStream> response;
    try {
      response = call.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new HttpTimeoutException("timed out: no answer within " + deadline);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
    long left = deadline.toNanos() - (System.nanoTime() - start);
    Limited body = new Limited(response.body(), maxBytes);
    body.deadline = DEADLINES.schedule(body::expire, Math.max(left, 0), TimeUnit.NANOSECONDS);
    return new Answer<>(response, body);
  }

  /** Collects a text answer and gives up (cancelling the exchange) past the cap. */
  private static final class Capped implements HttpResponse.BodySubscriber<String> {
    private final long max;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    Capped(long max) {
      this.max = max;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
      for (ByteBuffer buffer : buffers) {
        if (out.size() + (long) buffer.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new AnswerTooLargeException(max));
          return;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.write(bytes, 0, bytes.length);
      }
    }

    @Override
    public void onError(Throwable error) {
      result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
      result.complete(out.toString(StandardCharsets.UTF_8));
    }

    @Override
    public CompletionStage<String> getBody() {
      return result;
    }

    void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      result.completeExceptionally(new HttpTimeoutException("cancelled at the deadline"));
    }
  }

  /** A download stream cut at its size cap and closed at its deadline. */
  private static final class Limited extends FilterInputStream {
    private final long max;
    private long read;
    private volatile boolean expired;
    private ScheduledFuture<?> deadline;

    Limited(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    void expire() {
      expired = true;
      try {
        in.close(); // unblocks a read waiting for bytes that do not come
      } catch (IOException e) {
        // closing is all that is wanted
      }
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n;
      try {
        n = in.read(buffer, offset, length);
      } catch (IOException e) {
        throw expired ? new HttpTimeoutException("timed out: the download passed its deadline") : e;
      }
      if (expired) {
        throw new HttpTimeoutException("timed out: the download passed its deadline");
      }
      read += Math.max(n, 0);
      if (read > max) {
        in.close();
        throw new AnswerTooLargeException(max);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      if (deadline != null) {
        deadline.cancel(false);
      }
      in.close();
    }
  }

  /** A response with its body replaced by the bounded stream. */
  private record Answer<T>(HttpResponse<?> response, T body) implements HttpResponse<T> {
    @Override
    public int statusCode() {
      return response.statusCode();
    }

    @Override
    public HttpRequest request() {
      return response.request();
    }

    @Override
    public java.util.Optional<HttpResponse<T>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return response.headers();
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return response.sslSession();
    }

    @Override
    public java.net.URI uri() {
      return response.uri();
    }

    @Override
    public HttpClient.Version version() {
      return response.version();
    }
  }
}
