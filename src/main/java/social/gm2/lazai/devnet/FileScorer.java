package social.gm2.lazai.devnet;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
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
 * <p>Nothing is held whole in memory: the ciphertext streams to a temporary file ({@link
 * EncryptedFileFetcher}), and the plaintext streams into the digest only, so a file is scored only
 * after its integrity check (MDC) passed.
 */
final class FileScorer {
  static final int MAX_SCORE = 10_000;

  private final RSAPrivateKey key;
  private final EncryptedFileFetcher files;

  FileScorer(
      HttpClient http,
      RSAPrivateKey key,
      PasswordCipher cipher,
      Duration readTimeout,
      long maxBytes) {
    this.key = key;
    this.files = new EncryptedFileFetcher(http, cipher, readTimeout, maxBytes);
  }

  /** The documented score of the file at {@code fileUrl}, whose password is wrapped in the key. */
  int score(String fileUrl, String encryptionKey) throws IOException, InterruptedException {
    URI uri = EncryptedFileFetcher.httpUri(fileUrl);
    // Unwrap first: a wrong key fails without a download.
    String password = RsaKeyWrap.unwrap(key, encryptionKey);
    MessageDigest sha256 = sha256();
    try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
      files.decrypt(uri, password, sink);
    }
    return scoreOf(sha256.digest());
  }

  /** 1 + (digest as an unsigned big-endian integer) mod 10000. */
  static int scoreOf(byte[] sha256) {
    return 1 + new BigInteger(1, sha256).mod(BigInteger.valueOf(MAX_SCORE)).intValueExact();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
