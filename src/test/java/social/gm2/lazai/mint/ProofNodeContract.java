package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.NodeInfo;
import social.gm2.lazai.chain.ProofJob;
import social.gm2.lazai.chain.ProofRequest;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.crypto.RsaKeyWrap;
import social.gm2.lazai.crypto.RsaScheme;
import social.gm2.lazai.crypto.Wallet;
import social.gm2.lazai.support.HardhatNode;

/**
 * What every {@link ProofNode} must do, run against {@link
 * social.gm2.lazai.mint.proofnode.HttpProofNode} talking to the devnet's simulated node on Hardhat
 * (with files on the local IPFS store) and against {@link FakeProofNode} on the fake chain. A
 * request is built as the pipeline builds it: the file encrypted with the wallet-derived password
 * and registered, a job opened, the password wrapped for the job's node.
 *
 * <p>The reference node answers every failure while proving with HTTP 500, and the port classifies
 * 5xx as retryable (a retried step wraps the key again for the node's key on chain, so a refused
 * key can pass later); this suite states that, so a fake cannot be more decisive than the real
 * node.
 */
public abstract class ProofNodeContract {
  private static final Wallet SERVICE = Wallet.fromPrivateKey(HardhatNode.KEYS.get(2));
  private static final PasswordCipher CIPHER =
      new PasswordCipher(Clock.systemUTC(), new SecureRandom());

  private final String run = UUID.randomUUID().toString();

  protected abstract ProofNode proofNode();

  /** The chain the nodes prove on, as the service's wallet uses it. */
  protected abstract LazaiChain chain();

  /** Stores the ciphertext where the nodes download files from; its URL. */
  protected abstract String publish(byte[] ciphertext);

  /** How many proofs the file has on chain, whoever added them. */
  protected abstract int proofsOf(FileId file);

  /** The active nodes, lower-case; at least two. */
  protected abstract List<String> nodes();

  /** A node's URL where nothing answers. */
  protected abstract String silentNodeUrl();

  /** A job opened for a fresh file, and the request the pipeline would send for it. */
  protected record Prepared(
      ProofRequest job, String nodeUrl, ProofNode.Request request, int score, String password) {
    FileId file() {
      return job.fileId();
    }
  }

  @ParameterizedTest
  @EnumSource(RsaScheme.class)
  void aValidRequestCompletesTheJobAndAddsOneProofByItsNodeWithTheFilesScore(RsaScheme scheme) {
    Prepared p = prepare(scheme);

    proofNode().requestProof(p.nodeUrl(), p.request());

    assertThat(chain().job(p.job().jobId()).status()).isEqualTo(ProofJob.Status.COMPLETED);
    assertThat(proofsOf(p.file())).isEqualTo(1);
    BigInteger index = chain().proofIndexAddedBy(p.file(), p.job().node()).orElseThrow();
    assertThat(chain().jobsCompleted(p.job().tx().blockNumber(), chain().head()))
        .anySatisfy(
            c -> {
              assertThat(c.jobId()).isEqualTo(p.job().jobId());
              assertThat(c.attestator()).isEqualTo(p.job().node());
            });
    assertThat(chain().requestReward(key("reward"), p.file(), index).amount())
        .as("the node scored the decrypted file")
        .isEqualTo(BigInteger.valueOf(p.score()));
  }

  @Test
  void askingAgainForACompletedJobAddsNoSecondProof() {
    Prepared p = prepare(RsaScheme.OAEP_SHA1);
    proofNode().requestProof(p.nodeUrl(), p.request());

    MintStepException again = refused(p.nodeUrl(), p.request());

    assertThat(again).hasMessageContaining("job " + p.job().jobId());
    assertThat(proofsOf(p.file())).isEqualTo(1);
    assertThat(chain().job(p.job().jobId()).status()).isEqualTo(ProofJob.Status.COMPLETED);
  }

  @Test
  void aKeyTheNodeCannotUnwrapIsRefusedNamingTheJobNeverTheKeyOrSeed() {
    Prepared p = prepare(RsaScheme.OAEP_SHA1);
    String forAnother =
        RsaKeyWrap.wrap(otherNode(p).publicKey(), p.password(), RsaScheme.OAEP_SHA1);
    var request = withKey(p.request(), forAnother);

    assertRefusedAndNothingDone(p, p.nodeUrl(), request);
  }

  @Test
  void aFileTheKeyDoesNotOpenIsRefused() {
    Prepared p = prepare(RsaScheme.PKCS1_V15);
    String other =
        RsaKeyWrap.wrap(
            chain().node(p.job().node()).publicKey(),
            SERVICE.derivePassword("another seed " + run),
            RsaScheme.PKCS1_V15);

    assertRefusedAndNothingDone(p, p.nodeUrl(), withKey(p.request(), other));
  }

  @Test
  void aJobOfAnotherNodeIsRefusedAndStaysOpen() {
    Prepared p = prepare(RsaScheme.OAEP_SHA1);
    NodeInfo other = otherNode(p);
    String key = RsaKeyWrap.wrap(other.publicKey(), p.password(), RsaScheme.OAEP_SHA1);

    assertRefusedAndNothingDone(p, other.url(), withKey(p.request(), key));
  }

  @Test
  void aJobTheChainDoesNotHaveIsRefused() {
    Prepared p = prepare(RsaScheme.OAEP_SHA1);
    var unknown =
        new ProofNode.Request(
            BigInteger.valueOf(1_000_000_000L),
            p.request().fileId(),
            p.request().fileUrl(),
            p.request().encryptionKey(),
            p.request().seed());

    MintStepException refused = refused(p.nodeUrl(), unknown);

    assertThat(refused).hasMessageContaining("job 1000000000");
    assertSecretsKept(refused, p);
    assertThat(proofsOf(p.file())).isZero();
  }

  @Test
  void aNodeThatDoesNotAnswerIsRetryable() {
    Prepared p = prepare(RsaScheme.OAEP_SHA1);

    MintStepException silent = refused(silentNodeUrl(), p.request());

    assertThat(silent.retryable()).isTrue();
    assertThat(silent).hasMessageContaining("job " + p.job().jobId());
    assertSecretsKept(silent, p);
    assertThat(chain().job(p.job().jobId()).status()).isEqualTo(ProofJob.Status.SUBMITTED);
  }

  // ----------------------------------------------------------------------------------- helpers

  /** A fresh file, encrypted, published and registered, with a job open for it. */
  protected Prepared prepare(RsaScheme scheme) {
    byte[] plaintext = ("proof node contract " + run).getBytes(StandardCharsets.UTF_8);
    String seed = "Sign to \"retrieve\" the key of " + run;
    String password = SERVICE.derivePassword(seed);
    String url = publish(CIPHER.encrypt(plaintext, password));
    FileId file = chain().addFile(key("addFile"), url, "").file().id();
    ProofRequest job = chain().requestProof(key("requestProof"), file);
    NodeInfo node = chain().node(job.node());
    String wrapped = RsaKeyWrap.wrap(node.publicKey(), password, scheme);
    var request = new ProofNode.Request(job.jobId().value(), file.value(), url, wrapped, seed);
    return new Prepared(job, node.url(), request, FakeProofNode.score(plaintext), password);
  }

  private void assertRefusedAndNothingDone(Prepared p, String url, ProofNode.Request request) {
    MintStepException refused = refused(url, request);

    assertThat(refused).hasMessageContaining("job " + p.job().jobId());
    assertThat(refused.retryable()).as("the node answers 500, which may pass").isTrue();
    assertSecretsKept(refused, p);
    assertThat(refused.getMessage()).doesNotContain(request.encryptionKey().substring(0, 32));
    assertThat(chain().job(p.job().jobId()).status()).isEqualTo(ProofJob.Status.SUBMITTED);
    assertThat(proofsOf(p.file())).isZero();
  }

  private MintStepException refused(String url, ProofNode.Request request) {
    MintStepException e =
        catchThrowableOfType(MintStepException.class, () -> proofNode().requestProof(url, request));
    assertThat(e).as("refused").isNotNull();
    return e;
  }

  private static void assertSecretsKept(MintStepException e, Prepared p) {
    assertThat(e.getMessage())
        .doesNotContain(p.request().encryptionKey().substring(0, 32))
        .doesNotContain(p.request().seed())
        .doesNotContain("retrieve")
        .doesNotContain(p.password().substring(2, 34));
  }

  private NodeInfo otherNode(Prepared p) {
    String other =
        nodes().stream().filter(n -> !n.equals(p.job().node())).findFirst().orElseThrow();
    return chain().node(other);
  }

  private static ProofNode.Request withKey(ProofNode.Request r, String key) {
    return new ProofNode.Request(r.jobId(), r.fileId(), r.fileUrl(), key, r.seed());
  }

  protected String key(String write) {
    return "proof node contract " + run + " " + write;
  }

  protected static JobId job(ProofNode.Request request) {
    return new JobId(request.jobId());
  }
}
