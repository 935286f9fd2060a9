package social.gm2.lazai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.ServiceDevnet;
import social.gm2.lazai.support.ServiceJar;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged service with a 128 MB heap takes a 50 MB file as a multipart upload (with {@code
 * lazai.mint.max-data-size=64MB}) and mints it on the devnet: the file streams through the spool
 * and the cipher into the chunked ciphertext store and out to the local IPFS store, never whole in
 * memory, so there is no OutOfMemoryError, and the DAT's amount is the simulated node's score of
 * exactly the 50 MB sent.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class UploadHeapIT {
  private static final int SIZE = 50 * 1024 * 1024;
  private static final String KEY = "upload-heap-key-" + java.util.UUID.randomUUID();
  private static final String BOUNDARY = "heapBoundary0123456789";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void aFiftyMegabyteUploadIsMintedWithA128MegabyteHeap() throws Exception {
    try (ServiceDevnet devnet = new ServiceDevnet()) {
      Map<String, Object> properties = new LinkedHashMap<>(devnet.properties());
      properties.put("lazai.mint.max-data-size", "64MB");
      // A small pool: the test MariaDB is shared with the other tests' services.
      properties.put("lazai.database.pool-size", "5");
      properties.put("lazai.api.keys", KEY);
      properties.put("lazai.attestation.enabled", "true");
      properties.put("lazai.attestation.confirmations", "0");
      properties.put("lazai.attestation.poll-interval", "500ms");
      ServiceJar.Settings settings =
          new ServiceJar.Settings(
              "upload-heap",
              properties,
              Map.of(),
              List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
              Duration.ofSeconds(90));
      try (ServiceJar service = ServiceJar.start(settings)) {
        String token = String.format("0x%040x", System.nanoTime());
        byte[] head =
            ("--"
                    + BOUNDARY
                    + "\r\nContent-Disposition: form-data; name=\"tokenAddress\"\r\n\r\n"
                    + token
                    + "\r\n--"
                    + BOUNDARY
                    + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\""
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        long started = System.nanoTime();
        HttpResponse<String> accepted =
            http.send(
                HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/mints"))
                    .timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .header("X-API-Key", KEY)
                    .POST(
                        HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(
                                () ->
                                    new SequenceInputStream(
                                        new SequenceInputStream(
                                            new ByteArrayInputStream(head), new Generated(SIZE)),
                                        new ByteArrayInputStream(tail))),
                            head.length + (long) SIZE + tail.length))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        System.out.printf(
            "UploadHeapIT: 50 MB accepted in %d ms%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        JsonNode mint =
            Await.until(
                Duration.ofSeconds(180),
                () -> {
                  assertThat(service.isAlive()).as("the service runs").isTrue();
                  return JSON.readTree(
                      http.send(
                              HttpRequest.newBuilder(
                                      URI.create(service.url() + "/api/v1/mints/" + token))
                                  .timeout(Duration.ofSeconds(10))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString())
                          .body());
                },
                m -> "ATTESTED".equals(m.path("state").asString()));
        System.out.printf(
            "UploadHeapIT: 50 MB attested %d ms after the upload began%n",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertThat(mint.get("dat").get("amount").asString())
            .as("the node scored exactly the 50 MB sent")
            .isEqualTo(score());
        assertThat(service.isAlive()).isTrue();
        assertThat(Files.readString(service.log())).doesNotContain("OutOfMemoryError");
      }
    }
  }

  /** The simulated node's documented score of the generated data. */
  private static String score() throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    try (InputStream data = new Generated(SIZE)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = data.read(buffer)) >= 0) {
        sha256.update(buffer, 0, n);
      }
    }
    return new BigInteger(1, sha256.digest())
        .mod(BigInteger.valueOf(10_000))
        .add(BigInteger.ONE)
        .toString();
  }

  /** {@code size} pseudo-random bytes, the same every time, generated as they are read. */
  private static final class Generated extends InputStream {
    private final Random random = new Random(50);
    private final byte[] block = new byte[64 * 1024];
    private long left;
    private int position = block.length;

    Generated(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      if (position == block.length) {
        random.nextBytes(block);
        position = 0;
      }
      int n = (int) Math.min(Math.min(len, block.length - position), left);
      System.arraycopy(block, position, b, off, n);
      position += n;
      left -= n;
      return n;
    }
  }
}
