package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.gm2.lazai.chain.FakeLazaiChain;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.JobId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.crypto.RsaScheme;
import social.gm2.lazai.storage.Cid;
import social.gm2.lazai.storage.OpenContent;
import social.gm2.lazai.storage.local.LocalContentStore;

/**
 * The proof node's contract on {@link FakeProofNode} over {@link FakeLazaiChain}, files in a local
 * IPFS store read without HTTP; and what only the fake shows.
 */
class FakeProofNodeTest extends ProofNodeContract {
  private static final String BASE = "http://127.0.0.1:1";

  @TempDir Path dir;
  private final FakeLazaiChain chain = new FakeLazaiChain();
  private LocalContentStore store;
  private FakeProofNode proofNodes;
  private FakeProofNode.Node first;
  private FakeProofNode.Node second;

  @BeforeEach
  void start() {
    store = LocalContentStore.open(dir, 0, BASE, 1 << 20, Clock.systemUTC());
    proofNodes = new FakeProofNode(chain, this::download);
    first = proofNodes.start("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    second = proofNodes.start("0x90f79bf6eb2c4f870365e785982e1f101e93b906");
  }

  /** What the node's HTTP download of a share URL gives: the stored bytes, or a 404. */
  private byte[] download(String url) throws IOException {
    String path = URI.create(url).getPath();
    Cid cid = Cid.parse(path.substring(path.lastIndexOf('/') + 1));
    try (OpenContent content =
        store.open(cid).orElseThrow(() -> new IOException("the file URL answered HTTP 404"))) {
      return content.stream().readAllBytes();
    }
  }

  @Override
  protected ProofNode proofNode() {
    return proofNodes;
  }

  @Override
  protected LazaiChain chain() {
    return chain;
  }

  @Override
  protected String publish(byte[] ciphertext) {
    InputStream in = new ByteArrayInputStream(ciphertext);
    return store.put(in, ciphertext.length, "data.pgp").shareUrl();
  }

  @Override
  protected int proofsOf(FileId file) {
    return chain.controls().proofCount(file);
  }

  @Override
  protected List<String> nodes() {
    return List.of(first.address(), second.address());
  }

  @Override
  protected String silentNodeUrl() {
    second.down(true);
    return second.url();
  }

  // ------------------------------------------------------------------------ the fake's own tests

  @Test
  void requestsAreCountedPerJobWhateverTheirAnswer() {
    Prepared p = prepare(RsaScheme.OAEP_SHA1);
    JobId job = p.job().jobId();
    FakeProofNode.Node assigned = first.address().equals(p.job().node()) ? first : second;
    assigned.failNext(1);

    MintStepException failed =
        catchThrowableOfType(
            MintStepException.class, () -> proofNodes.requestProof(p.nodeUrl(), p.request()));
    proofNodes.requestProof(p.nodeUrl(), p.request());

    assertThat(failed.retryable()).isTrue();
    assertThat(failed).hasMessageContaining("simulated failure");
    assertThat(proofNodes.requests(job)).isEqualTo(2);
    assertThat(proofNodes.requests(new JobId(BigInteger.TEN.pow(9)))).isZero();
  }

  @Test
  void aNodeBackUpAnswersAgain() {
    Prepared p = prepare(RsaScheme.OAEP_SHA1);
    FakeProofNode.Node assigned = first.address().equals(p.job().node()) ? first : second;
    assigned.down(true);

    assertThat(
            catchThrowableOfType(
                    MintStepException.class,
                    () -> proofNodes.requestProof(p.nodeUrl(), p.request()))
                .retryable())
        .isTrue();
    assigned.down(false);
    proofNodes.requestProof(p.nodeUrl(), p.request());
    assertThat(chain.controls().proofCount(p.file())).isEqualTo(1);
  }

  @Test
  void aRequestWithoutItsKeyIsThe422OfThePermanentKind() {
    Prepared p = prepare(RsaScheme.OAEP_SHA1);
    var noKey =
        new ProofNode.Request(
            p.request().jobId(), p.request().fileId(), p.request().fileUrl(), null, null);

    MintStepException refused =
        catchThrowableOfType(
            MintStepException.class, () -> proofNodes.requestProof(p.nodeUrl(), noKey));

    assertThat(refused.retryable()).isFalse();
    assertThat(refused).hasMessageContaining("answered 422").hasMessageContaining("encryption_key");
  }
}
