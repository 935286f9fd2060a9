package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.mint.PlaintextSpool;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.RawHttp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Files uploaded as people send them, in the whole service on the devnet: a multipart form and a
 * raw body (chunked, without a length) are minted to ATTESTED with the reward the simulated node
 * gives for exactly the bytes sent (so the service encrypted what it received, through the chunked
 * ciphertext store); a token sent again answers 200 whatever the form; every bad upload answers a
 * problem with nothing stored and no temporary file left.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class UploadIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int MAX = 3 * 1024 * 1024;
  private static final String FORM =
      "multipart/form-data; boundary=" + MultipartReaderTest.BOUNDARY;
  private static ApiDevnet devnet;

  @Autowired JdbcTemplate jdbc;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    devnet = new ApiDevnet();
    devnet.register(registry);
    registry.add("lazai.mint.max-data-size", () -> MAX + "B");
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void aFormAndARawBodyAreMintedToAttestedOnceEach() throws Exception {
    byte[] file = random(MAX - 1000, 1);
    byte[] raw = random(1_500_000, 2);
    String formToken = ApiIT.randomToken();
    String rawToken = ApiIT.randomToken();

    HttpResponse<String> form =
        postForm(
            MultipartReaderTest.form(
                "",
                MultipartReaderTest.part("tokenAddress", null, utf8(formToken)),
                MultipartReaderTest.part("file", "scan 01.pdf", file)),
            ApiDevnet.KEY);
    assertThat(form.statusCode()).as(form.body()).isEqualTo(202);
    assertThat(form.headers().firstValue("Location")).hasValue("/api/v1/mints/" + formToken);
    assertThat(JSON.readTree(form.body()).get("state").asString()).isEqualTo("ENCRYPTED");

    HttpResponse<String> rawAnswer =
        postRaw(
            "?tokenAddress=" + rawToken.toUpperCase().replace("0X", "0x") + "&fileName=raw.bin",
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(raw)),
            ApiDevnet.KEY);
    assertThat(rawAnswer.statusCode()).as(rawAnswer.body()).isEqualTo(202);
    assertThat(JSON.readTree(rawAnswer.body()).get("tokenAddress").asString()).isEqualTo(rawToken);

    // The same tokens again, in another form each: 200 with the mint they have, nothing new.
    HttpResponse<String> againRaw =
        postRaw(
            "?tokenAddress=" + formToken,
            HttpRequest.BodyPublishers.ofByteArray(new byte[] {9}),
            ApiDevnet.KEY);
    assertThat(againRaw.statusCode()).as(againRaw.body()).isEqualTo(200);
    assertThat(JSON.readTree(againRaw.body()).get("tokenAddress").asString()).isEqualTo(formToken);
    HttpResponse<String> againForm =
        postForm(
            MultipartReaderTest.form(
                "",
                MultipartReaderTest.part("file", "x.bin", new byte[] {7}),
                MultipartReaderTest.part("tokenAddress", null, utf8(rawToken))),
            ApiDevnet.KEY);
    assertThat(againForm.statusCode()).as(againForm.body()).isEqualTo(200);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM mint WHERE token_address IN (?, ?)",
                Integer.class,
                formToken,
                rawToken))
        .isEqualTo(2);

    JsonNode formMint = attested(formToken);
    JsonNode rawMint = attested(rawToken);
    assertThat(formMint.get("fileName").asString()).isEqualTo("scan 01.pdf");
    assertThat(rawMint.get("fileName").asString()).isEqualTo("raw.bin");
    assertThat(formMint.get("dat").get("amount").asString())
        .as("the node scored exactly the bytes sent")
        .isEqualTo(score(file));
    assertThat(rawMint.get("dat").get("amount").asString()).isEqualTo(score(raw));
    assertThat(uploadFiles()).as("no temporary file left").isZero();
  }

  @Test
  void everyBadUploadIsAProblemWithNothingStored() throws Exception {
    String token = ApiIT.randomToken();
    byte[] small = utf8("private bytes");
    byte[] tokenPart = MultipartReaderTest.part("tokenAddress", null, utf8(token));
    long before = uploadFiles();

    // Declared too large: refused from the headers, before a byte of the body is read.
    RawHttp.Answer declared =
        headersOnly(
            "POST",
            "/api/v1/mints?tokenAddress=" + token,
            "application/octet-stream",
            MAX + 1,
            ApiDevnet.KEY);
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.header("content-type")).startsWith("application/problem+json");
    assertThat(declared.body()).contains("lazai.mint.max-data-size");
    RawHttp.Answer declaredForm =
        headersOnly("POST", "/api/v1/mints", FORM, MAX + 70_000, ApiDevnet.KEY);
    assertThat(declaredForm.status()).isEqualTo(413);

    // Too large while read: a chunked raw body, and a form whose file passes the limit.
    JsonNode chunked =
        problem(
            postRaw(
                "?tokenAddress=" + token,
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(new byte[MAX + 50_000])),
                ApiDevnet.KEY),
            413);
    assertThat(chunked.get("detail").asString()).contains("lazai.mint.max-data-size");
    problem(
        postForm(
            MultipartReaderTest.form(
                "", tokenPart, MultipartReaderTest.part("file", "big.bin", new byte[MAX + 1])),
            ApiDevnet.KEY),
        413);

    // Empty.
    assertThat(
            problem(
                    postRaw(
                        "?tokenAddress=" + token,
                        HttpRequest.BodyPublishers.noBody(),
                        ApiDevnet.KEY),
                    400)
                .get("field")
                .asString())
        .isEqualTo("body");
    assertThat(
            problem(
                    postForm(
                        MultipartReaderTest.form(
                            "", tokenPart, MultipartReaderTest.part("file", "e.bin", new byte[0])),
                        ApiDevnet.KEY),
                    400)
                .get("field")
                .asString())
        .isEqualTo("file");
    assertThat(
            problem(postForm(MultipartReaderTest.form("", tokenPart), ApiDevnet.KEY), 400)
                .get("detail")
                .asString())
        .contains("part named file");

    // The token: missing or invalid, in either form.
    byte[] filePart = MultipartReaderTest.part("file", "a.bin", small);
    assertThat(
            problem(postForm(MultipartReaderTest.form("", filePart), ApiDevnet.KEY), 400)
                .get("field")
                .asString())
        .isEqualTo("tokenAddress");
    assertThat(
            problem(
                    postForm(
                        MultipartReaderTest.form(
                            "",
                            MultipartReaderTest.part("tokenAddress", null, utf8("0x1234")),
                            filePart),
                        ApiDevnet.KEY),
                    400)
                .get("field")
                .asString())
        .isEqualTo("tokenAddress");
    problem(postRaw("", HttpRequest.BodyPublishers.ofByteArray(small), ApiDevnet.KEY), 400);
    problem(
        postRaw(
            "?tokenAddress=not-a-token",
            HttpRequest.BodyPublishers.ofByteArray(small),
            ApiDevnet.KEY),
        400);
    assertThat(
            problem(
                    postRaw(
                        "?tokenAddress=" + token + "&fileName=..%2Fetc",
                        HttpRequest.BodyPublishers.ofByteArray(small),
                        ApiDevnet.KEY),
                    400)
                .get("field")
                .asString())
        .isEqualTo("fileName");

    // A chunked body whose framing breaks: the upload cannot be read to its end.
    RawHttp.Answer broken =
        raw(
            "POST",
            "/api/v1/mints?tokenAddress=" + token,
            "application/octet-stream",
            "Transfer-Encoding: chunked",
            "5\r\nhello\r\nzz\r\n",
            ApiDevnet.KEY);
    // Tomcat puts the connection in error, so the answer may lose its problem body.
    assertThat(broken.status()).as(broken.body()).isEqualTo(400);
    assertThat(broken.body()).doesNotContain("hello").doesNotContain("Exception");

    // Malformed forms and other content types.
    problem(
        send(
            devnet
                .request("/api/v1/mints")
                .header("Content-Type", "multipart/form-data")
                .header("X-API-Key", ApiDevnet.KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(small))),
        400);
    byte[] cut = MultipartReaderTest.form("", tokenPart, filePart);
    problem(postForm(java.util.Arrays.copyOf(cut, cut.length - 40), ApiDevnet.KEY), 400);
    problem(
        send(
            devnet
                .request("/api/v1/mints?tokenAddress=" + token)
                .header("Content-Type", "text/plain")
                .header("X-API-Key", ApiDevnet.KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(small))),
        415);

    // The key: deny by default, whatever the content type.
    problem(postForm(MultipartReaderTest.form("", tokenPart, filePart), null), 401);
    problem(
        postRaw("?tokenAddress=" + token, HttpRequest.BodyPublishers.ofByteArray(small), null),
        401);
    problem(
        postRaw(
            "?tokenAddress=" + token,
            HttpRequest.BodyPublishers.ofByteArray(small),
            ApiDevnet.KEY + "x"),
        401);

    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM mint WHERE token_address = ?", Integer.class, token))
        .as("nothing stored")
        .isZero();
    assertThat(uploadFiles()).as("no temporary file left").isEqualTo(before);
  }

  @Test
  void theOpenApiDocumentDescribesTheThreeForms() throws Exception {
    JsonNode body =
        JSON.readTree(devnet.get("/v3/api-docs").body())
            .at("/paths/~1api~1v1~1mints/post/requestBody/content");
    assertThat(body.has("application/json")).as(body.toString()).isTrue();
    assertThat(body.at("/application~1octet-stream/schema/format").asString())
        .as(body.toString())
        .isEqualTo("binary");
    assertThat(body.at("/multipart~1form-data/schema/$ref").asString())
        .as(body.toString())
        .endsWith("/MintUpload");
  }

  private JsonNode attested(String token) {
    return Await.until(
        WAIT,
        () -> JSON.readTree(devnet.get("/api/v1/mints/" + token).body()),
        m -> "ATTESTED".equals(m.path("state").asString()));
  }

  private static HttpResponse<String> postForm(byte[] body, String key) throws Exception {
    HttpRequest.Builder request =
        devnet
            .request("/api/v1/mints")
            .header("Content-Type", FORM)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    return send(key == null ? request : request.header("X-API-Key", key));
  }

  private static HttpResponse<String> postRaw(
      String query, HttpRequest.BodyPublisher body, String key) throws Exception {
    HttpRequest.Builder request =
        devnet
            .request("/api/v1/mints" + query)
            .header("Content-Type", "application/octet-stream")
            .POST(body);
    return send(key == null ? request : request.header("X-API-Key", key));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return devnet.http.send(
        request.version(java.net.http.HttpClient.Version.HTTP_1_1).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A request whose headers announce a body that is never sent. */
  private static RawHttp.Answer headersOnly(
      String method, String path, String contentType, long length, String key) throws IOException {
    return raw(method, path, contentType, "Content-Length: " + length, "", key);
  }

  /** A request over a raw socket, its answer read by its length (the body may not be done). */
  private static RawHttp.Answer raw(
      String method, String path, String contentType, String framing, String body, String key)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", devnet.port), 5000);
      socket.setSoTimeout(30_000);
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
              + contentType
              + "\r\n"
              + framing
              + "\r\nX-API-Key: "
              + key
              + "\r\n\r\n"
              + body;
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // The answer comes while the body is still awaited: read it by its length, not to the end.
      java.io.InputStream in = socket.getInputStream();
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      while (!all.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        all.write(b);
      }
      String headers = all.toString(StandardCharsets.ISO_8859_1);
      java.util.regex.Matcher declared =
          java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(headers);
      if (declared.find()) {
        all.write(in.readNBytes(Integer.parseInt(declared.group(1))));
      }
      return RawHttp.read(new ByteArrayInputStream(all.toByteArray()));
    }
  }

  private static JsonNode problem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asString()).isNotBlank();
    assertThat(response.body())
        .doesNotContain("Exception")
        .doesNotContain("private bytes")
        .doesNotContain(ApiDevnet.KEY);
    return problem;
  }

  private static long uploadFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(PlaintextSpool.FILE_PREFIX))
          .count();
    }
  }

  /** The simulated node's documented score: 1 + SHA-256(plaintext) mod 10000. */
  static String score(byte[] plaintext) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(plaintext);
    return new BigInteger(1, digest).mod(BigInteger.valueOf(10_000)).add(BigInteger.ONE).toString();
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
