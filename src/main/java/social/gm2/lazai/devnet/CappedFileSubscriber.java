package social.gm2.lazai.devnet;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Writes a response body to a file and gives up once it exceeds a cap. The JDK 17 client has no
 * size-limited body handler, and a file URL is untrusted input: without the cap a large or endless
 * body would fill the disk.
 */
final class CappedFileSubscriber implements HttpResponse.BodySubscriber<Path> {
  private final Path file;
  private final long maxBytes;
  private final CompletableFuture<Path> result = new CompletableFuture<>();
  private FileChannel channel;
  private Flow.Subscription subscription;
  private long written;

  CappedFileSubscriber(Path file, long maxBytes) {
    this.file = file;
    this.maxBytes = maxBytes;
  }

  @Override
  public CompletionStage<Path> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    try {
      channel =
          FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      subscription.cancel();
      result.completeExceptionally(e);
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    try {
      for (ByteBuffer buffer : buffers) {
        written += buffer.remaining();
        if (written > maxBytes) {
          subscription.cancel();
          fail(new IOException("the file is larger than the cap of " + maxBytes + " bytes"));
          return;
        }
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    } catch (IOException e) {
      subscription.cancel();
      fail(e);
      return;
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    fail(error);
  }

  @Override
  public void onComplete() {
    try {
      channel.close();
      result.complete(file);
    } catch (IOException e) {
      result.completeExceptionally(e);
    }
  }

  private void fail(Throwable error) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      error.addSuppressed(e);
    }
    result.completeExceptionally(error);
  }
}
