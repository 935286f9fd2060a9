package social.gm2.lazai.devnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.crypto.RsaKeyWrap;

/**
 * What the reference node does with {@code ENABLE_DECRYPT_FILE} set (lazai-protocol §8 step 1):
 * fetch the encrypted file, unwrap its password with the node's RSA key, decrypt it, and score the
 * plaintext. The reference scores with a data-quality model; this simulator wants a score a test
 * can predict, so:
 *
 * <p><b>score = 1 + (SHA-256(plaintext) read as an unsigned big-endian integer) mod 10000</b>,
 * always in [1, 10000].
 *
 * <p>Nothing is held whole in memory: the ciphertext streams to a temporary file (deleted
 * afterwards) under a size cap and a deadline, and the plaintext streams into the digest only, so a
 * file is scored only after its integrity check (MDC) passed.
 */
final class FileScorer {
  static final int MAX_SCORE = 10_000;

  private final HttpClient http;
  private final RSAPrivateKey key;
  private final PasswordCipher cipher;
  private final Duration readTimeout;
  private final long maxBytes;

  FileScorer(
      HttpClient http,
      RSAPrivateKey key,
      PasswordCipher cipher,
      Duration readTimeout,
      long maxBytes) {
    this.http = http;
    this.key = key;
    this.cipher = cipher;
    this.readTimeout = readTimeout;
    this.maxBytes = maxBytes;
  }

  /** The documented score of the file at {@code fileUrl}, whose password is wrapped in the key. */
  int score(String fileUrl, String encryptionKey) throws IOException, InterruptedException {
    URI uri = httpUri(fileUrl);
    // Unwrap first: a wrong key fails without a download.
    String password = RsaKeyWrap.unwrap(key, encryptionKey);
    Path file = download(uri);
    try (InputStream message = Files.newInputStream(file)) {
      MessageDigest sha256 = sha256();
      try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
        cipher.decrypt(message, sink, password);
      }
      return scoreOf(sha256.digest());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** 1 + (digest as an unsigned big-endian integer) mod 10000. */
  static int scoreOf(byte[] sha256) {
    return 1 + new BigInteger(1, sha256).mod(BigInteger.valueOf(MAX_SCORE)).intValueExact();
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

  private static URI httpUri(String fileUrl) throws IOException {
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

  private static String describe(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
