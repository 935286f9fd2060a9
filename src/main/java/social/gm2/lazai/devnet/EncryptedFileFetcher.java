package social.gm2.lazai.devnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import social.gm2.lazai.crypto.PasswordCipher;

/**
 * Downloads an OpenPGP-encrypted file from its http(s) URL and decrypts it with its password into a
 * sink, as the reference nodes do before scoring (lazai-protocol §8) or chunking it for RAG (§9).
 * The ciphertext streams to a temporary file (deleted afterwards) under a size cap and a deadline;
 * the plaintext is written only as the decryption proceeds and the integrity check (MDC) is done at
 * the end, so a sink must not trust what it got until this returns.
 */
final class EncryptedFileFetcher {
  private final HttpClient http;
  private final PasswordCipher cipher;
  private final Duration readTimeout;
  private final long maxBytes;

  EncryptedFileFetcher(
      HttpClient http, PasswordCipher cipher, Duration readTimeout, long maxBytes) {
    this.http = http;
    this.cipher = cipher;
    this.readTimeout = readTimeout;
    this.maxBytes = maxBytes;
  }

  /**
   * Checks that {@code fileUrl} is an absolute http(s) URL before anything else is done.
   *
   * @throws IOException if it is not
   */
  static URI httpUri(String fileUrl) throws IOException {
    try {
      URI uri = new URI(fileUrl);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw new IOException("file_url is not an absolute http(s) URL");
  }

  /**
   * Downloads the file at {@code uri} and decrypts it with {@code password} into {@code plaintext}.
   *
   * @throws IOException if the download fails, is too large or too slow
   * @throws social.gm2.lazai.crypto.CryptoException if the file does not decrypt with the password
   */
  void decrypt(URI uri, String password, OutputStream plaintext)
      throws IOException, InterruptedException {
    Path file = download(uri);
    try (InputStream message = Files.newInputStream(file)) {
      cipher.decrypt(message, plaintext, password);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private Path download(URI uri) throws IOException, InterruptedException {
    Path file = Files.createTempFile("simulated-node-", ".pgp");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(readTimeout).GET().build();
    CompletableFuture<HttpResponse<Path>> pending =
        http.sendAsync(
            request,
            info ->
                info.statusCode() / 100 == 2
                    ? new CappedFileSubscriber(file, maxBytes)
                    : HttpResponse.BodySubscribers.replacing(null));
    try {
      // The request timeout covers the headers only; this deadline also covers the body.
      HttpResponse<Path> response = pending.get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
      if (response.statusCode() / 100 != 2) {
        throw new IOException("the file URL answered HTTP " + response.statusCode());
      }
      return file;
    } catch (TimeoutException e) {
      pending.cancel(true);
      Files.deleteIfExists(file);
      throw new IOException("the file did not download within " + readTimeout, e);
    } catch (ExecutionException e) {
      Files.deleteIfExists(file);
      throw new IOException("the file download failed: " + describe(e.getCause()), e.getCause());
    } catch (IOException | RuntimeException | InterruptedException e) {
      pending.cancel(true);
      Files.deleteIfExists(file);
      throw e;
    }
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
