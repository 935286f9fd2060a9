package social.gm2.lazai.crypto;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;

/**
 * Encrypts a generated payload to a file and decrypts it back into a digest, in a JVM whose heap is
 * far smaller than the payload: it can only finish if no copy of the payload is ever held. Run by
 * {@link StreamingMemoryIT} as {@code java -Xmx… StreamingProbe <file> <bytes>}.
 */
final class StreamingProbe {
  private StreamingProbe() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    long length = Long.parseLong(args[1]);
    String password = "0x" + "cd".repeat(65);
    PasswordCipher cipher = new PasswordCipher(Clock.systemUTC(), new SecureRandom());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      cipher.encrypt(new PatternStream(length), length, out, password);
    }
    PatternStream.Sha256Sink plaintext = new PatternStream.Sha256Sink();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      cipher.decrypt(in, plaintext, password);
    }
    boolean same =
        plaintext.count == length
            && Arrays.equals(plaintext.digest(), PatternStream.sha256(length));
    System.out.println(same ? "round trip ok" : "round trip differs");
    System.exit(same ? 0 : 1);
  }
}
