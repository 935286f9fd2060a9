package social.gm2.lazai.inference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import social.gm2.lazai.chain.ChainException;
import social.gm2.lazai.chain.ForbiddenNodeUrlException;
import social.gm2.lazai.chain.InferenceAccountState;
import social.gm2.lazai.chain.InferenceChain;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.crypto.Addresses;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Chat completions answered by the inference node from a token's DAT file (lazai-protocol §9): the
 * node and its url from the Inference contract, the wallet's account made ready (set up or topped
 * up once), fresh settlement headers with the file id, the request stored before it is sent, and
 * the node's answer handed back whole or relayed as a stream. Unless {@code lazai.inference.node}
 * names one node, a node that is down (not connectable, or a 5xx) is passed over for the next
 * active one, and asked last for a while. The fee the node settles for the answer is then looked up
 * on chain and recorded for the token.
 */
public final class ChatCompletions {
  private static final Logger log = LoggerFactory.getLogger(ChatCompletions.class);
  private static final JsonMapper JSON = JsonMapper.shared();

  /** How long a node that was down is asked only after the others. */
  static final Duration DOWN_FOR = Duration.ofMinutes(1);

  private final InferenceProperties settings;
  private final InferenceChain chain;
  private final InferenceAccount account;
  private final SettlementHeaders headers;
  private final InferenceClient client;
  private final InferenceFees fees;
  private final FeeSettlements settlements;
  private final NodeUrlPolicy urls;
  private final Clock clock;

  /** When each node that was down was last found so; such nodes are asked last for a while. */
  private final Map<String, Instant> downSince = new ConcurrentHashMap<>();

  public ChatCompletions(
      InferenceProperties settings,
      InferenceChain chain,
      InferenceAccount account,
      SettlementHeaders headers,
      InferenceClient client,
      InferenceFees fees,
      FeeSettlements settlements,
      NodeUrlPolicy urls,
      Clock clock) {
    this.settings = settings;
    this.chain = chain;
    this.account = account;
    this.headers = headers;
    this.client = client;
    this.fees = fees;
    this.settlements = settlements;
    this.urls = urls;
    this.clock = clock;
  }

  /** A streamed answer whose node said 200: {@link #to} relays it. */
  public interface Relay {
    /** Copies the node's server-sent events to {@code out}, ending with {@code data: [DONE]}. */
    void to(OutputStream out) throws IOException;
  }

  /**
   * The node's whole answer (an OpenAI {@code chat.completion} object) to {@code body}, a chat
   * completion request, with the file {@code fileId} of {@code token} as context.
   *
   * @throws InferenceException when inference is off, the account is dry, or the node refuses
   */
  public byte[] complete(String token, BigInteger fileId, byte[] body) {
    Call call = open(token, fileId, body);
    byte[] answer;
    try (InputStream in = call.body()) {
      answer = in.readAllBytes();
    } catch (IOException e) {
      // The node answered 200, so it settles its fee however much of the answer arrived.
      answered(call, null);
      throw new InferenceException(
          InferenceException.Kind.NODE_UNREACHABLE,
          "The inference node " + call.node() + " broke off its answer: " + e.getMessage(),
          200,
          e);
    }
    answered(call, responseId(answer));
    return answer;
  }

  /**
   * Opens a streamed answer ({@code "stream": true} in {@code body}); the node has answered 200
   * when this returns, so a failure before the first event is an exception here, not a broken
   * stream.
   */
  public Relay stream(String token, BigInteger fileId, byte[] body) {
    Call call = open(token, fileId, body);
    return out -> relay(call, out);
  }

  private void relay(Call call, OutputStream out) throws IOException {
    String responseId = null;
    boolean done = false;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(call.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = next(lines, call, out)) != null) {
        if (line.startsWith("data:")) {
          String data = line.substring(5).strip();
          done |= data.equals("[DONE]");
          if (responseId == null && !done) {
            responseId = responseId(data.getBytes(StandardCharsets.UTF_8));
          }
        }
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        if (line.isEmpty()) {
          out.flush();
        }
      }
      if (!done) {
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
    } catch (BrokenOff e) {
      // Already said to the client as an error event; no [DONE]: the answer is incomplete.
    } finally {
      answered(call, responseId);
    }
  }

  /**
   * The node's next line, or null at its end. A node that breaks off (or sends nothing for {@code
   * read-timeout}) ends the client's stream with an OpenAI-style error event.
   */
  private static String next(BufferedReader lines, Call call, OutputStream out) throws IOException {
    try {
      return lines.readLine();
    } catch (IOException e) {
      String message = "The inference node " + call.node() + " broke off its answer: " + e;
      log.warn("inference request={} {}", call.id(), message);
      ObjectNode error = JSON.createObjectNode();
      error.putObject("error").put("message", message).put("type", "node_error");
      out.write(
          ("\ndata: " + JSON.writeValueAsString(error) + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      throw new BrokenOff();
    }
  }

  /** The node's stream ended early; the client has been told. */
  private static final class BrokenOff extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private void answered(Call call, String responseId) {
    fees.answered(call.id(), responseId);
    try {
      if (!settlements.settle(call.id())) {
        log.debug("inference fee request={} not settled yet; the poller looks again", call.id());
      }
    } catch (RuntimeException e) {
      log.warn("inference fee request={} lookup failed: {}", call.id(), e.getMessage());
    }
  }

  private record Call(long id, String node, InputStream body) {}

  private Call open(String token, BigInteger fileId, byte[] body) {
    if (!settings.enabled()) {
      throw new InferenceException(
          InferenceException.Kind.UNAVAILABLE,
          "Inference is turned off (" + InferenceProperties.PREFIX + "enabled).");
    }
    List<String> nodes = unavailableOnChain(this::nodes);
    StringBuilder tried = new StringBuilder();
    for (int i = 0; ; i++) {
      String node = nodes.get(i);
      try {
        Call call = open(node, token, fileId, body);
        downSince.remove(node);
        return call;
      } catch (InferenceException e) {
        if (!e.isNodeDown() || i == nodes.size() - 1) {
          throw tried.isEmpty() ? e : e.withMore(" Tried before it:" + tried);
        }
        downSince.put(node, clock.instant());
        tried.append(' ').append(e.getMessage());
        log.warn(
            "inference node={} is down, asking the next active node: {}", node, e.getMessage());
      }
    }
  }

  private Call open(String node, String token, BigInteger fileId, byte[] body) {
    URI endpoint = endpoint(node);
    // A node asked for the first time is funded only once it is seen to accept connections.
    InferenceAccountState ready =
        unavailableOnChain(() -> account.ready(node, () -> client.connect(endpoint, node)));
    long fromBlock = unavailableOnChain(chain::head);
    RequestHeaders request =
        headers.createAbove(Addresses.checksummed(node), fileId, ready.nonce());
    long id =
        fees.sent(
            new InferenceFees.Request(
                token, fileId, node, chain.wallet(), request.nonce(), fromBlock));
    try {
      return new Call(id, node, client.complete(endpoint, node, request, body));
    } catch (RuntimeException e) {
      if (!(e instanceof InferenceException failed && chargedAnyway(id, failed))) {
        fees.refused(id);
      }
      throw e;
    }
  }

  /**
   * Whether the node settled a fee for the request it answered with a 5xx (its billing broke after
   * the settlement); such a fee is recorded as any other. The node settles before it answers, so
   * the fee is on chain by now if it was settled at all.
   */
  private boolean chargedAnyway(long id, InferenceException failed) {
    if (failed.nodeStatus() < 500) {
      return false;
    }
    try {
      return settlements.settle(id);
    } catch (RuntimeException e) {
      log.warn(
          "inference fee request={} lookup after the node's {} failed: {}",
          id,
          failed.nodeStatus(),
          e.getMessage());
      return false;
    }
  }

  /**
   * The nodes to ask, in order: the configured one; otherwise the Inference contract's active
   * nodes, those that were down within the last {@link #DOWN_FOR} after the others.
   */
  private List<String> nodes() {
    if (settings.node() != null) {
      return List.of(settings.node());
    }
    List<String> active = chain.activeNodes();
    if (active.isEmpty()) {
      throw new InferenceException(
          InferenceException.Kind.UNAVAILABLE,
          "The Inference contract "
              + chain.inferenceAddress()
              + " has no active node (set "
              + InferenceProperties.PREFIX
              + "node or register one).");
    }
    Instant recently = clock.instant().minus(DOWN_FOR);
    return active.stream()
        .sorted(Comparator.comparing(n -> downSince.getOrDefault(n, Instant.MIN).isAfter(recently)))
        .toList();
  }

  private static <T> T unavailableOnChain(Supplier<T> read) {
    try {
      return read.get();
    } catch (ChainException e) {
      throw new InferenceException(
          InferenceException.Kind.UNAVAILABLE,
          "The inference node or account could not be read or set up on chain: " + e.getMessage(),
          0,
          e);
    }
  }

  private URI endpoint(String node) {
    NodeInfo info = unavailableOnChain(() -> chain.node(node));
    if (info.status() != NodeInfo.Status.ACTIVE) {
      throw new InferenceException(
          InferenceException.Kind.UNAVAILABLE,
          "The inference node "
              + node
              + " is "
              + info.status()
              + " in the Inference contract "
              + chain.inferenceAddress()
              + ", not ACTIVE.");
    }
    try {
      return InferenceClient.endpoint(urls.check(info.url()));
    } catch (ForbiddenNodeUrlException e) {
      throw new InferenceException(
          InferenceException.Kind.UNAVAILABLE,
          "The inference node " + node + " has a url this service may not call: " + e.getMessage(),
          0,
          e);
    }
  }

  /** The completion's {@code id}, or null. */
  static String responseId(byte[] json) {
    try {
      JsonNode id = JSON.readTree(json).path("id");
      return id.isString() && !id.asString().isBlank() ? id.asString() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
