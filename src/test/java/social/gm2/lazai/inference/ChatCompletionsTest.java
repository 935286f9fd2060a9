package social.gm2.lazai.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.crypto.Addresses;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.signer.key.KeySigner;
import social.gm2.lazai.support.H2Database;
import social.gm2.lazai.support.MovableClock;

/**
 * Chat completions against a node double on a JDK HttpServer that checks the settlement headers as
 * the reference node does and settles its fee on the fake chain; fees go to the real {@code
 * inference_fee} table (H2, every migration applied).
 */
@org.junit.jupiter.api.extension.ExtendWith(OutputCaptureExtension.class)
class ChatCompletionsTest {
  private static final String KEY = "0x" + "11".repeat(32);
  private static final String TOKEN = "0x" + "c".repeat(40);
  private static final BigInteger FILE = BigInteger.valueOf(42);
  private static final byte[] ASK =
      "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ASK_STREAM =
      "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}"
          .getBytes(StandardCharsets.UTF_8);

  @TempDir static Path dir;
  private static H2Database db;
  private FakeInferenceChain chain;
  private NodeDouble node;
  private InferenceFees fees;
  private Signer wallet;

  @BeforeAll
  static void migrate() {
    db = H2Database.migrated(dir);
  }

  @AfterAll
  static void closeDatabase() {
    db.close();
  }

  @BeforeEach
  void start() throws Exception {
    db.jdbc().update("DELETE FROM inference_fee");
    wallet = KeySigner.of(KEY, "test key");
    chain = new FakeInferenceChain(wallet.address());
    node = new NodeDouble("0x" + "b".repeat(40), chain);
    chain.addNode(node.address, node.url());
    fees = new InferenceFees(db.jdbc(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private ChatCompletions completions(InferenceProperties settings) {
    return completions(settings, Clock.systemUTC());
  }

  private ChatCompletions completions(InferenceProperties settings, Clock clock) {
    return new ChatCompletions(
        settings,
        chain,
        new InferenceAccount(chain, settings),
        new SettlementHeaders(wallet, new SettlementNonces(Clock.systemUTC(), new SecureRandom())),
        new InferenceClient(settings.connectTimeout(), settings.readTimeout()),
        fees,
        new FeeSettlements(chain, fees),
        new NodeUrlPolicy(List.of("127.0.0.0/8")),
        clock);
  }

  private ChatCompletions completions() {
    return completions(InferenceAccountTest.settings(1_000_000, 100_000, 10_000));
  }

  @Test
  void answersWithTheFileAndRecordsTheFeeSettledOnChain() {
    ChatCompletions chat = completions();

    String answer = new String(chat.complete(TOKEN, FILE, ASK), StandardCharsets.UTF_8);

    assertThat(answer).contains("file 42 says hello to " + Addresses.checksummed(wallet.address()));
    var sent = node.requests.get(0);
    assertThat(sent.get(RequestHeaders.FILE_ID)).containsExactly("42");
    assertThat(sent.get(RequestHeaders.USER))
        .containsExactly(Addresses.checksummed(wallet.address()));
    assertThat(fees.usage(TOKEN))
        .isEqualTo(new InferenceFees.Usage(1, BigInteger.valueOf(1_200), 0));
    assertThat(responseId()).isEqualTo("chatcmpl-1");
  }

  @Test
  void streamsTheNodesEventsEndingWithDoneAndRecordsTheFee() throws Exception {
    ChatCompletions chat = completions();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    chat.stream(TOKEN, FILE, ASK_STREAM).to(out);
    chat.complete(TOKEN, FILE, ASK);

    String events = out.toString(StandardCharsets.UTF_8);
    assertThat(events).startsWith("data: {\"id\":\"chatcmpl-1\"").endsWith("data: [DONE]\n\n");
    assertThat(events).contains("\"content\":\"hello \"");
    assertThat(fees.usage(TOKEN))
        .isEqualTo(new InferenceFees.Usage(2, BigInteger.valueOf(2_400), 0));
    BigInteger first = new BigInteger(node.requests.get(0).get(RequestHeaders.NONCE).get(0));
    BigInteger second = new BigInteger(node.requests.get(1).get(RequestHeaders.NONCE).get(0));
    assertThat(second).as("fresh, increasing nonces").isGreaterThan(first);
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aNodeThatStallsMidStreamEndsItWithAnErrorEventAfterTheReadTimeout() throws Exception {
    InferenceProperties base = InferenceAccountTest.settings(1_000_000, 100_000, 10_000);
    ChatCompletions chat =
        completions(
            new InferenceProperties(
                true,
                base.inferenceAddress(),
                base.settlementAddress(),
                null,
                base.initialDeposit(),
                base.deposit(),
                base.minimumBalance(),
                null,
                java.time.Duration.ofMillis(500),
                null));
    node.mode = NodeDouble.Mode.STALL_MID_STREAM;
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    chat.stream(TOKEN, FILE, ASK_STREAM).to(out);

    String events = out.toString(StandardCharsets.UTF_8);
    assertThat(events).startsWith("data: {\"id\":\"chatcmpl-1\"");
    assertThat(events)
        .contains("\"type\":\"node_error\"")
        .contains("The inference node " + node.address + " broke off its answer")
        .doesNotContain("[DONE]");
    assertThat(fees.usage(TOKEN).inferenceRequests()).as("the node answered 200").isEqualTo(1);
  }

  @Test
  void theNodesRefusalsAreClearErrorsAndCostNothing() {
    ChatCompletions chat = completions();

    node.mode = NodeDouble.Mode.UNAUTHORIZED;
    assertThatThrownBy(() -> chat.complete(TOKEN, FILE, ASK))
        .isInstanceOfSatisfying(
            InferenceException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(InferenceException.Kind.NODE_FAILED);
              assertThat(e.nodeStatus()).isEqualTo(401);
            })
        .hasMessageContaining("The inference node " + node.address)
        .hasMessageContaining("refused the settlement headers (HTTP 401)")
        .hasMessageContaining("Validate the request header failed");
    node.mode = NodeDouble.Mode.DATA_QUERY_FAILS;
    assertThatThrownBy(() -> chat.complete(TOKEN, FILE, ASK_STREAM))
        .isInstanceOfSatisfying(
            InferenceException.class,
            e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.NODE_REFUSED_DATA))
        .hasMessageContaining("Data query failed: no permission for file");
    node.mode = NodeDouble.Mode.SERVER_ERROR;
    assertThatThrownBy(() -> chat.stream(TOKEN, FILE, ASK_STREAM))
        .isInstanceOfSatisfying(
            InferenceException.class,
            e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.NODE_FAILED))
        .hasMessageContaining("failed (HTTP 500): Internal Server Error");

    assertThat(fees.usage(TOKEN)).isEqualTo(new InferenceFees.Usage(0, BigInteger.ZERO, 0));
    assertThat(
            db.jdbc()
                .queryForObject(
                    "SELECT COUNT(*) FROM inference_fee WHERE status = 'REFUSED'", Integer.class))
        .isEqualTo(3);
  }

  @Test
  void turnedOffOrAChainThatDoesNotAnswerIsSaidSo() {
    var off = new InferenceProperties(false, null, null, null, null, null, null, null, null, null);
    assertThatThrownBy(() -> completions(off).complete(TOKEN, FILE, ASK))
        .isInstanceOfSatisfying(
            InferenceException.class,
            e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.UNAVAILABLE))
        .hasMessageContaining("lazai.inference.enabled");

    ChatCompletions chat = completions();
    node.close();
    chain.down();
    assertThatThrownBy(() -> chat.complete(TOKEN, FILE, ASK))
        .isInstanceOfSatisfying(
            InferenceException.class,
            e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.UNAVAILABLE))
        .hasMessageContaining("could not be read or set up on chain")
        .hasMessageContaining("did not answer");
  }

  @Test
  void anUnreachableNodeIsSaidSo() {
    ChatCompletions chat = completions();
    node.close();
    assertThatThrownBy(() -> chat.complete(TOKEN, FILE, ASK))
        .isInstanceOfSatisfying(
            InferenceException.class,
            e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.NODE_UNREACHABLE))
        .hasMessageContaining(node.url());
  }

  @Test
  void aNodeThatIsDownIsPassedOverForTheNextActiveOneAndAskedLastForAWhile() throws Exception {
    MovableClock clock = new MovableClock();
    ChatCompletions chat =
        completions(InferenceAccountTest.settings(1_000_000, 100_000, 10_000), clock);
    try (NodeDouble next = new NodeDouble("0x" + "d".repeat(40), chain)) {
      chain.addNode(next.address, next.url());
      node.mode = NodeDouble.Mode.SERVER_ERROR;

      String answer = new String(chat.complete(TOKEN, FILE, ASK), StandardCharsets.UTF_8);
      chat.complete(TOKEN, FILE, ASK);

      assertThat(answer).contains("file 42 says hello");
      assertThat(next.requests).as("both asked of the node that is up").hasSize(2);
      assertThat(fees.usage(TOKEN))
          .isEqualTo(new InferenceFees.Usage(2, BigInteger.valueOf(2_400), 0));
      assertThat(refusedFeesOf(node.address))
          .as("the down node is asked first once, then last while it is suspect")
          .isEqualTo(1);

      clock.advance(ChatCompletions.DOWN_FOR.plusSeconds(1));
      chat.complete(TOKEN, FILE, ASK);
      assertThat(refusedFeesOf(node.address)).as("asked first again after a while").isEqualTo(2);

      // Closed, it leaves a stale pooled connection: that is retried, then found not connectable.
      node.close();
      next.mode = NodeDouble.Mode.SERVER_ERROR;
      assertThatThrownBy(() -> chat.complete(TOKEN, FILE, ASK))
          .as("every node down: the last one's failure, naming the ones tried before")
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.NODE_UNREACHABLE))
          .hasMessageStartingWith("The inference node " + node.address)
          .hasMessageContaining("could not be connected to")
          .hasMessageContaining(
              "Tried before it: The inference node " + next.address + " failed (HTTP 500)");
    }
  }

  @Test
  void aNodeThatCannotBeConnectedToIsPassedOverWithoutFundingItsAccount() throws Exception {
    try (NodeDouble next = new NodeDouble("0x" + "d".repeat(40), chain)) {
      chain.addNode(next.address, next.url());
      node.close();

      assertThat(new String(completions().complete(TOKEN, FILE, ASK), StandardCharsets.UTF_8))
          .contains("file 42 says hello");

      assertThat(chain.account(wallet.address(), node.address)).isEmpty();
      assertThat(chain.account(wallet.address(), next.address)).isPresent();
      assertThat(refusedFeesOf(node.address)).as("no request was sent to it").isZero();
    }
  }

  @Test
  void onlyADownNodeIsPassedOverAndNeverTheConfiguredOne() throws Exception {
    try (NodeDouble next = new NodeDouble("0x" + "d".repeat(40), chain)) {
      chain.addNode(next.address, next.url());
      ChatCompletions chat = completions();
      node.mode = NodeDouble.Mode.SERVER_ERROR;
      assertThat(new String(chat.complete(TOKEN, FILE, ASK), StandardCharsets.UTF_8))
          .as("a 5xx charged nothing: the next node answers")
          .contains("file 42 says hello");

      node.mode = NodeDouble.Mode.DATA_QUERY_FAILS;
      next.mode = NodeDouble.Mode.UNAUTHORIZED;
      // The down node is now asked last: the next node's 401 is the answer, not passed over.
      assertThatThrownBy(() -> chat.complete(TOKEN, FILE, ASK))
          .isInstanceOfSatisfying(
              InferenceException.class, e -> assertThat(e.nodeStatus()).isEqualTo(401));

      InferenceProperties base = InferenceAccountTest.settings(1_000_000, 100_000, 10_000);
      ChatCompletions pinned =
          completions(
              new InferenceProperties(
                  true,
                  base.inferenceAddress(),
                  base.settlementAddress(),
                  node.address,
                  base.initialDeposit(),
                  base.deposit(),
                  base.minimumBalance(),
                  null,
                  null,
                  null));
      node.close();
      assertThatThrownBy(() -> pinned.complete(TOKEN, FILE, ASK))
          .as("lazai.inference.node names the only node to ask")
          .isInstanceOfSatisfying(
              InferenceException.class,
              e -> assertThat(e.kind()).isEqualTo(InferenceException.Kind.NODE_UNREACHABLE))
          .hasMessageNotContaining("Tried before it");
      assertThat(next.requests).hasSize(2);
    }
  }

  @Test
  void aFeeTheNodeSettledBeforeFailingWith500IsRecordedAndTheNextNodeAnswers() throws Exception {
    try (NodeDouble next = new NodeDouble("0x" + "d".repeat(40), chain)) {
      chain.addNode(next.address, next.url());
      node.mode = NodeDouble.Mode.SETTLED_THEN_SERVER_ERROR;

      assertThat(new String(completions().complete(TOKEN, FILE, ASK), StandardCharsets.UTF_8))
          .contains("file 42 says hello");

      assertThat(fees.usage(TOKEN))
          .as("both fees paid on chain are counted")
          .isEqualTo(new InferenceFees.Usage(2, BigInteger.valueOf(2_400), 0));
      assertThat(refusedFeesOf(node.address)).isZero();
    }
  }

  /** The response id recorded for the token's one request. */
  private String responseId() {
    return db.jdbc()
        .queryForObject(
            "SELECT response_id FROM inference_fee WHERE token_address = ?", String.class, TOKEN);
  }

  private int refusedFeesOf(String node) {
    return db.jdbc()
        .queryForObject(
            "SELECT COUNT(*) FROM inference_fee WHERE status = 'REFUSED' AND node_address = ?",
            Integer.class,
            node);
  }

  @Test
  void aFeeSettledUnderAnotherIdThanTheAnswersIsRecordedAndReported(CapturedOutput output) {
    node.mode = NodeDouble.Mode.SETTLES_UNDER_ANOTHER_ID;

    completions().complete(TOKEN, FILE, ASK);

    assertThat(fees.usage(TOKEN))
        .isEqualTo(new InferenceFees.Usage(1, BigInteger.valueOf(1_200), 0));
    assertThat(responseId()).as("the answer's id is kept").isEqualTo("chatcmpl-1");
    assertThat(output.getAll()).contains("was settled under id other-1 but answered as chatcmpl-1");
  }

  @Test
  void aFeeSettledAfterTheAnswerIsFoundByThePoller() {
    ChatCompletions chat = completions();
    chat.complete(TOKEN, FILE, ASK);
    db.jdbc()
        .update(
            "UPDATE inference_fee SET status = 'ANSWERED', cost_wei = NULL, tx_hash = NULL,"
                + " block_number = NULL");
    assertThat(fees.usage(TOKEN).unsettledRequests()).isEqualTo(1);

    assertThat(new FeeSettlements(chain, fees).reconcile()).isEqualTo(1);

    assertThat(fees.usage(TOKEN))
        .isEqualTo(new InferenceFees.Usage(1, BigInteger.valueOf(1_200), 0));
  }
}
