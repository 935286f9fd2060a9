package social.gm2.lazai.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 100 MB payload goes through encryption and decryption in a 48 MB heap. */
class StreamingMemoryIT {
  private static final long PAYLOAD = 100L * 1024 * 1024;

  @Test
  void aHundredMegabytesRoundTripInAHeapHalfThatSize(@TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process probe =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx48m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    StreamingProbe.class.getName(),
                    dir.resolve("message.pgp").toString(),
                    Long.toString(PAYLOAD)))
            .redirectErrorStream(true)
            .start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(probe.waitFor(3, TimeUnit.MINUTES)).isTrue();
    assertThat(probe.exitValue()).as(output).isZero();
    assertThat(output).contains("round trip ok");
  }
}
