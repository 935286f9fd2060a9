package social.gm2.lazai.storage.pinata;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 100 MB file is hashed, stored locally and uploaded to Pinata (fake) in a 32 MB heap. */
class StoreStreamingMemoryIT {
  private static final long FILE = 100L * 1024 * 1024;

  @Test
  void aHundredMegabytesGoThroughBothStoresInAThirdOfThatHeap(@TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process probe =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx32m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    StreamingStoresProbe.class.getName(),
                    dir.toString(),
                    Long.toString(FILE)))
            .redirectErrorStream(true)
            .start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(probe.waitFor(3, TimeUnit.MINUTES)).isTrue();
    System.out.println(output);
    assertThat(probe.exitValue()).as(output).isZero();
    assertThat(output).contains("streaming ok");
  }
}
