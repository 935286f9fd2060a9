package social.gm2.lazai.mint;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import social.gm2.lazai.chain.FakeLazaiChain;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.crypto.RsaKeyWrap;
import social.gm2.lazai.crypto.RsaKeys;

/**
 * {@link ProofNode} in memory: verified-computing nodes that behave as the devnet's simulated node
 * ({@code devnet/SimulatedNode}, {@code ProofHandler}, {@code FileScorer}) seen through {@link
 * HttpProofNode}. A node unwraps the key with its RSA private key (OAEP-SHA1 or PKCS#1 v1.5),
 * downloads the file through the function the test gives, decrypts it, scores it as {@code
 * FileScorer} documents (1 + SHA-256 of the plaintext mod 10000), then completes the job and adds
 * its proof as itself on the {@link FakeLazaiChain}, before it answers.
 *
 * <p>Failures are classified as the HTTP client classifies the simulated node's answers: a missing
 * field is its 422 (permanent); anything that goes wrong while proving (a key it cannot unwrap, a
 * file it cannot download or decrypt, a job that is not open or not its own) is its 500, which the
 * port says is retryable; a node that is down, or a URL where no node runs, does not answer
 * (retryable). Messages name the node's endpoint and the job, never the key or the seed. Requests
 * are counted per job, whatever became of them.
 */
public final class FakeProofNode implements ProofNode {
  private static final Map<String, KeyPair> KEYS = new ConcurrentHashMap<>();

  /** How a node downloads the file at a URL (the test's store); IOException if it cannot. */
  @FunctionalInterface
  public interface Files {
    byte[] fetch(String url) throws IOException;
  }

  private final FakeLazaiChain chain;
  private final Files files;
  private final PasswordCipher cipher = new PasswordCipher(Clock.systemUTC(), new SecureRandom());
  private final Map<String, Node> byUrl = new ConcurrentHashMap<>();
  private final Map<BigInteger, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final AtomicInteger started = new AtomicInteger();

  public FakeProofNode(FakeLazaiChain chain, Files files) {
    this.chain = chain;
    this.files = files;
  }

  /**
   * Starts a node for the wallet {@code address} and registers it on the chain, as the simulated
   * node does with a maintainer key. Its RSA key is made once per address and JVM; its URL is a
   * loopback address (so that a node URL policy allowing loopback passes it without a DNS lookup)
   * where nothing listens: only this fake answers for it.
   */
  public Node start(String address) {
    String lower = address.toLowerCase(Locale.ROOT);
    String url = "http://127.0.0.1:" + (47_000 + started.incrementAndGet());
    Node node = new Node(lower, url, KEYS.computeIfAbsent(lower, a -> generate()));
    byUrl.put(url, node);
    chain.controls().registerNode(lower, url, node.publicKeyPem());
    return node;
  }

  /** How many times the job was asked for, whatever the answer was. */
  public int requests(JobId job) {
    AtomicInteger count = requests.get(job.value());
    return count == null ? 0 : count.get();
  }

  @Override
  public void requestProof(String url, Request request) {
    String endpoint = url.replaceAll("/+$", "") + "/proof";
    if (request.jobId() != null) {
      requests.computeIfAbsent(request.jobId(), id -> new AtomicInteger()).incrementAndGet();
    }
    Node node = byUrl.get(url.replaceAll("/+$", ""));
    if (node == null || node.down) {
      throw new MintStepException(
          "the node at "
              + endpoint
              + " did not answer job "
              + request.jobId()
              + ": java.net.ConnectException",
          true,
          null);
    }
    String missing = missing(request);
    if (missing != null) {
      throw new MintStepException(
          "the node at "
              + endpoint
              + " answered 422 for job "
              + request.jobId()
              + ": {\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\""
              + missing
              + "\"],\"msg\":\"Field required\"}]}",
          false,
          null);
    }
    try {
      node.prove(request);
    } catch (IOException | RuntimeException e) {
      throw new MintStepException(
          "the node at "
              + endpoint
              + " answered 500 for job "
              + request.jobId()
              + ": {\"error\":{\"message\":\"Error processing request for req: job_id="
              + request.jobId()
              + " file_id="
              + request.fileId()
              + " Error: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + "\",\"type\":\"internal_error\"}}",
          true,
          null);
    }
  }

  /** One node: its wallet, URL and RSA key, and the switches a test turns. */
  public final class Node {
    private final String address;
    private final String url;
    private final KeyPair rsa;
    private volatile boolean down;
    private final AtomicInteger failures = new AtomicInteger();

    private Node(String address, String url, KeyPair rsa) {
      this.address = address;
      this.url = url;
      this.rsa = rsa;
    }

    public String address() {
      return address;
    }

    public String url() {
      return url;
    }

    /** The PKCS#1 PEM registered on chain, which passwords are wrapped for. */
    public String publicKeyPem() {
      return RsaKeys.toPkcs1Pem((RSAPublicKey) rsa.getPublic());
    }

    /** While down, the node answers nothing (retryable, as a timeout or a refused connection). */
    public void down(boolean isDown) {
      this.down = isDown;
    }

    /** The next {@code count} requests fail with a 500 before anything is done, as the knob. */
    public void failNext(int count) {
      failures.set(count);
    }

    private void prove(Request request) throws IOException {
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IOException("simulated failure");
      }
      // Unwrap first: a wrong key fails without a download (FileScorer's order).
      String password =
          RsaKeyWrap.unwrap((RSAPrivateKey) rsa.getPrivate(), request.encryptionKey());
      requireHttp(request.fileUrl());
      byte[] plaintext = cipher.decrypt(files.fetch(request.fileUrl()), password);
      int score = score(plaintext);
      FileId file = new FileId(request.fileId());
      chain.controls().completeJob(address, new JobId(request.jobId()));
      chain.controls().addProof(address, file, score, request.fileUrl());
    }
  }

  /** FileScorer's documented score: 1 + (SHA-256 as an unsigned integer) mod 10000. */
  public static int score(byte[] plaintext) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(plaintext);
      return 1 + new BigInteger(1, digest).mod(BigInteger.valueOf(10_000)).intValueExact();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String missing(Request request) {
    if (request.jobId() == null) {
      return "job_id";
    }
    if (request.fileId() == null) {
      return "file_id";
    }
    if (request.fileUrl() == null) {
      return "file_url";
    }
    return request.encryptionKey() == null ? "encryption_key" : null;
  }

  private static void requireHttp(String fileUrl) throws IOException {
    try {
      URI uri = new URI(fileUrl);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IOException("file_url is not an absolute http(s) URL");
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
