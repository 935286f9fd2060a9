package social.gm2.lazai.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import social.gm2.lazai.client.ApiClient;
import social.gm2.lazai.client.ApiException;
import social.gm2.lazai.client.ApiResponse;
import social.gm2.lazai.client.api.BadgesApi;
import social.gm2.lazai.client.api.InferenceApi;
import social.gm2.lazai.client.api.MintsApi;
import social.gm2.lazai.client.api.QueuesApi;
import social.gm2.lazai.client.model.Badge;
import social.gm2.lazai.client.model.ChatCompletion;
import social.gm2.lazai.client.model.ChatCompletionRequest;
import social.gm2.lazai.client.model.ChatMessage;
import social.gm2.lazai.client.model.MintAccepted;
import social.gm2.lazai.client.model.MintState;
import social.gm2.lazai.client.model.MintSubmission;
import social.gm2.lazai.client.model.MintView;
import social.gm2.lazai.client.model.Problem;
import social.gm2.lazai.support.Await;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Java client generated from the committed OpenAPI document (openapi-generator's {@code java}
 * generator, library {@code native}, at {@code generate-test-sources}) against the whole service on
 * the devnet with the simulated inference node: the document is the one the service serves, and a
 * mint goes through the generated client alone, from the submission to ATTESTED, a chat completion
 * answered from its file (the fact only the file holds), its usage and its badge, with the errors
 * (of the mints and of the chat completions) as {@code Problem}s.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
// Closed after the class: its fee poller must not outlive the test's database.
@org.springframework.test.annotation.DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class GeneratedClientIT {
  /** The committed document the client is generated from. */
  static final Path DOCUMENT = Path.of("src/test/resources/openapi/lazai-api.json");

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String QUESTION = "What is the launch code for the zebra vault?";
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String CODE = "ZEBRA-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String SECRET =
      "Vault notes. The launch code for the zebra vault is " + CODE + ".";
  private static ApiDevnet devnet;

  @Autowired JdbcTemplate jdbc;

  /**
   * The devnet with the simulated inference node, whose RSA key the DataRegistry publishes before
   * any mint, so that every mint grants the permission the node answers from.
   */
  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    devnet = ApiDevnet.withInference();
    devnet.register(registry);
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  /**
   * The served document is the committed one. When the API changes, this fails and writes the
   * served one to {@code target/openapi/lazai-api.json}: review it and copy it over the committed
   * one (then the build generates the client again).
   */
  @Test
  void theServedDocumentIsTheCommittedOne() throws Exception {
    JsonNode served = JSON.readTree(devnet.get("/v3/api-docs").body());
    Path written = Path.of("target/openapi/lazai-api.json");
    Files.createDirectories(written.getParent());
    Files.writeString(
        written, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served) + "\n");
    assertThat(served)
        .as("the served document; copy %s over %s", written, DOCUMENT)
        .isEqualTo(JSON.readTree(DOCUMENT.toFile()));
    JsonNode again =
        JSON.readTree(
            devnet
                .send(devnet.request("/v3/api-docs").header("Accept-Language", "fr").GET())
                .body());
    assertThat(again).as("computed again for another locale").isEqualTo(served);
  }

  @Test
  void aMintGoesThroughTheGeneratedClientToAttestedAndItsBadge() throws Exception {
    ApiClient client = client(ApiDevnet.KEY);
    MintsApi mints = new MintsApi(client);
    String token = ApiIT.randomToken();
    List<Integer> data = new ArrayList<>();
    for (byte b : SECRET.getBytes(StandardCharsets.UTF_8)) {
      data.add(b & 0xff);
    }

    ApiResponse<MintAccepted> accepted =
        mints.submitMintWithHttpInfo(
            new MintSubmission().tokenAddress(token).fileName("notes.txt").privacyData(data),
            null,
            null);
    assertThat(accepted.getStatusCode()).isEqualTo(202);
    assertThat(accepted.getHeaders().get("location")).containsExactly("/api/v1/mints/" + token);
    assertThat(accepted.getData().getTokenAddress()).isEqualTo(token);
    assertThat(accepted.getData().getState()).isEqualTo(MintState.ENCRYPTED);

    ApiResponse<MintAccepted> again =
        mints.submitMintWithHttpInfo(
            new MintSubmission().tokenAddress(token).fileName("other.txt").privacyData(List.of(1)),
            null,
            null);
    assertThat(again.getStatusCode()).isEqualTo(200);
    assertThat(again.getData().getTokenAddress()).isEqualTo(token);

    MintView mint =
        Await.until(WAIT, () -> mints.getMint(token), m -> m.getState() == MintState.ATTESTED);
    assertThat(mint.getFileName()).isEqualTo("notes.txt");
    assertThat(mint.getDat().getTokenId()).matches("\\d+");
    assertThat(mint.getCosts().getTotalWei()).matches("[1-9]\\d*");
    assertThat(mint.getAttestation().getAttested()).isTrue();
    String attestation = mint.getTransactions().getAttestation().getHash();
    assertThat(mint.getSteps()).extracting(s -> s.getState()).contains(MintState.ATTESTED);
    assertThat(mints.listMints(MintState.ATTESTED, 0, 100).getItems())
        .extracting(MintView::getTokenAddress)
        .contains(token);
    assertThat(new QueuesApi(client).getQueueCounts()).containsKey("lazai-mint-dat");

    ChatCompletion answer =
        new InferenceApi(client)
            .createChatCompletion(
                token,
                new ChatCompletionRequest()
                    .model("any").stream(false)
                        .addMessagesItem(new ChatMessage().role("user").content(QUESTION))
                        .putAdditionalProperty("temperature", 0));
    assertThat(answer.getObject()).isEqualTo("chat.completion");
    assertThat(answer.getChoices()).isNotEmpty();
    assertThat(answer.getChoices().get(0).getMessage().getRole()).isEqualTo("assistant");
    assertThat(answer.getChoices().get(0).getMessage().getContent()).contains(CODE);
    assertThat(
            Await.until(
                    WAIT,
                    () -> mints.getMint(token).getUsage(),
                    u -> u != null && u.getInferenceRequests() == 1)
                .getInferenceFeesWei())
        .matches("\\d+");

    Badge badge = new BadgesApi(client(null)).getBadge(token, null);
    assertThat(badge.getAttested()).isTrue();
    assertThat(badge.getMessage()).isEqualTo("AI-attested");
    assertThat(badge.getTxUrl()).isEqualTo(URI.create(ApiDevnet.EXPLORER + "/tx/" + attestation));
    File svg = new BadgesApi(client(null)).getBadgeSvg(token, null);
    try {
      assertThat(Files.readString(svg.toPath())).startsWith("<svg").contains("AI-attested");
    } finally {
      Files.delete(svg.toPath());
    }
  }

  @Test
  void errorsReachTheGeneratedClientAsProblems() throws Exception {
    ApiClient client = client(ApiDevnet.KEY);
    MintsApi mints = new MintsApi(client);

    ApiException invalid =
        catchThrowableOfType(
            ApiException.class,
            () ->
                mints.submitMint(
                    new MintSubmission()
                        .tokenAddress("0x1234")
                        .fileName("notes.txt")
                        .privacyData(List.of(1)),
                    null,
                    null));
    Problem problem = problem(client, invalid, 400);
    assertThat(problem.getField()).isEqualTo("tokenAddress");
    assertThat(problem.getInstance()).isEqualTo("/api/v1/mints");
    assertThat(problem.getDetail()).isNotBlank();

    String unknown = ApiIT.randomToken();
    ApiException missing = catchThrowableOfType(ApiException.class, () -> mints.getMint(unknown));
    assertThat(problem(client, missing, 404).getDetail()).contains(unknown);

    InferenceApi inference = new InferenceApi(client);
    ChatCompletionRequest question =
        new ChatCompletionRequest()
            .addMessagesItem(new ChatMessage().role("user").content(QUESTION));
    ApiException noMint =
        catchThrowableOfType(
            ApiException.class, () -> inference.createChatCompletion(unknown, question));
    assertThat(problem(client, noMint, 404).getDetail()).contains(unknown);
    String noFile = ApiDevnet.failedAfterUpload(jdbc);
    ApiException noFileYet =
        catchThrowableOfType(
            ApiException.class, () -> inference.createChatCompletion(noFile, question));
    assertThat(problem(client, noFileYet, 409).getDetail()).contains("has no DAT file yet");
    ApiException wizard =
        catchThrowableOfType(
            ApiException.class,
            () ->
                inference.createChatCompletion(
                    noFile,
                    new ChatCompletionRequest()
                        .addMessagesItem(new ChatMessage().role("wizard").content(QUESTION))));
    assertThat(problem(client, wizard, 400).getDetail()).contains("role");

    ApiException noKey =
        catchThrowableOfType(
            ApiException.class, () -> new MintsApi(client(null)).listMints(null, 0, 20));
    assertThat(problem(client, noKey, 401).getTitle()).isNotBlank();
  }

  /** The problem an error answered, read with the generated client's own mapper and model. */
  private static Problem problem(ApiClient client, ApiException e, int status) throws Exception {
    assertThat(e).isNotNull();
    assertThat(e.getCode()).isEqualTo(status);
    assertThat(e.getResponseHeaders().firstValue("content-type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    Problem problem = client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
    assertThat(problem.getStatus()).isEqualTo(status);
    return problem;
  }

  /** A generated client for the service; the native library sends the key with an interceptor. */
  private static ApiClient client(String key) {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + devnet.port);
    if (key != null) {
      client.setRequestInterceptor(request -> request.header(ApiKeyFilter.HEADER, key));
    }
    return client;
  }
}
