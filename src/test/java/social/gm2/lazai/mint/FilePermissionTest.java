package social.gm2.lazai.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.FakeLazaiChain;
import social.gm2.lazai.chain.FileId;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.crypto.KeyUnwrapException;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.crypto.RsaKeyWrap;
import social.gm2.lazai.crypto.RsaKeys;
import social.gm2.lazai.crypto.RsaScheme;
import social.gm2.lazai.mint.MintProperties.ProofDeadlinePolicy;
import social.gm2.lazai.mint.step.MintSteps;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.storage.Cid;
import social.gm2.lazai.storage.local.LocalContentStore;
import social.gm2.lazai.support.H2Database;
import social.gm2.lazai.support.MovableClock;
import social.gm2.lazai.support.TestSenders;
import social.gm2.lazai.support.TestServices;

/**
 * The file permission (docs/mint.md, "File permission") on the ports' fakes: granted once at
 * registration with the registry's key, never twice (retry, crash after sending, the REST route,
 * the backfill), off by setting, and readable the way the reference query node reads it.
 */
class FilePermissionTest {
  private static final String SEED = "Sign to retrieve your encryption key";
  private static final byte[] DATA = "the secret recipe: 3 eggs".getBytes(StandardCharsets.UTF_8);
  private static KeyPair registry;

  @TempDir Path dir;
  private final MovableClock clock = new MovableClock();
  private final FakeLazaiChain chain = new FakeLazaiChain(clock, FakeLazaiChain.VERIFIED_COMPUTING);
  private final List<MintRunner> runners = new ArrayList<>();
  private final Signer wallet = TestSenders.signer(TestServices.DEV_PRIVATE_KEY);
  private H2Database db;
  private LocalContentStore content;
  private FakeProofNode nodes;

  @BeforeAll
  static void registryKey() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    registry = generator.generateKeyPair();
  }

  @BeforeEach
  void open() {
    db = H2Database.migrated(dir.resolve("db"));
    content = LocalContentStore.open(dir.resolve("ipfs"), 1, "http://127.0.0.1:1", 1 << 20, clock);
    nodes = new FakeProofNode(chain, this::download);
    nodes.start("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  }

  @AfterEach
  void close() {
    runners.forEach(MintRunner::close);
    db.close();
  }

  @Test
  void aMintGrantsTheRegistryAPermissionThatOpensItsFileOnceAndNeverAgain() throws IOException {
    publishRegistryKey();
    Pipeline p = pipeline(true, 99);
    String token = token();
    p.service.submit(token, "notes.txt", DATA);

    Mint done = p.service.process(token);

    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertThat(done.permissionTxHash()).matches("0x[0-9a-f]{64}");
    int sent = chain.controls().transactionsSent();
    assertThat(sent).as("addFile, addPermissionForFile, requestProof, requestReward").isEqualTo(4);
    assertThat(readsAsTheQueryNode(done)).isEqualTo(DATA);

    assertThat(p.grants.grant(token).permissionTxHash()).isEqualTo(done.permissionTxHash());
    assertThat(p.grants.backfill()).isZero();
    assertThat(p.service.process(token).permissionTxHash()).isEqualTo(done.permissionTxHash());
    assertThat(chain.controls().transactionsSent()).as("nothing sent again").isEqualTo(sent);
  }

  @Test
  void aRegistrationRetriedAfterTheGrantWasSentWaitsForThatGrant() {
    publishRegistryKey();
    String token = token();
    Pipeline crashed = pipeline(true, 1);
    crashed.service.submit(token, "notes.txt", DATA);
    Mint uploaded = crashed.service.process(token);
    assertThat(uploaded.state()).isEqualTo(MintState.UPLOADED);
    // What the crashed instance's register step sent before it died, under the mint's intents.
    FileId file = chain.addFile(uploaded.intent("addFile"), uploaded.url(), "").file().id();
    ChainTx granted =
        chain.addPermissionForFile(
            uploaded.intent("addPermissionForFile"),
            file,
            chain.registryAddress(),
            RsaKeyWrap.wrap(
                (RSAPublicKey) registry.getPublic(),
                wallet.derivePassword(uploaded.seed()),
                RsaScheme.PKCS1_V15));
    int sent = chain.controls().transactionsSent();

    Mint done = pipeline(true, 99).service.process(token);

    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertThat(done.permissionTxHash()).as("the grant already sent").isEqualTo(granted.hash());
    assertThat(chain.controls().transactionsSent())
        .as("requestProof and requestReward only")
        .isEqualTo(sent + 2);
  }

  @Test
  void turnedOffNoMintGrantsAndTheRouteAndBackfillRefuse() {
    publishRegistryKey();
    Pipeline p = pipeline(false, 99);
    String token = token();
    p.service.submit(token, "notes.txt", DATA);

    Mint done = p.service.process(token);

    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertThat(done.permissionTxHash()).isNull();
    assertThat(chain.filePermission(new FileId(done.fileId()), chain.registryAddress())).isEmpty();
    assertThat(chain.controls().transactionsSent()).isEqualTo(3);
    assertThat(p.grants.backfill()).isZero();
    assertThatThrownBy(() -> p.grants.grant(token))
        .isInstanceOf(MintStateConflictException.class)
        .hasMessageContaining("lazai.mint.grant-permission");
    assertThat(chain.controls().transactionsSent()).isEqualTo(3);
  }

  @Test
  void withoutARegistryKeyTheMintGoesOnAndTheBackfillGrantsOnceTheKeyIsPublished()
      throws IOException {
    Pipeline p = pipeline(true, 99);
    String token = token();
    p.service.submit(token, "notes.txt", DATA);

    Mint done = p.service.process(token);

    assertThat(done.state()).isEqualTo(MintState.REWARDED);
    assertThat(done.permissionTxHash()).isNull();
    assertThatThrownBy(() -> p.grants.grant(token))
        .isInstanceOf(MintStateConflictException.class)
        .hasMessageContaining("publishes no usable RSA public key");
    assertThat(p.grants.backfill()).as("skipped, nothing sent").isZero();
    int sent = chain.controls().transactionsSent();

    publishRegistryKey();

    assertThat(p.grants.backfill()).isEqualTo(1);
    Mint granted = p.store.find(token).orElseThrow();
    assertThat(granted.permissionTxHash()).matches("0x[0-9a-f]{64}");
    assertThat(readsAsTheQueryNode(granted)).isEqualTo(DATA);
    assertThat(p.grants.backfill()).isZero();
    assertThat(p.grants.grant(token).permissionTxHash()).isEqualTo(granted.permissionTxHash());
    assertThat(chain.controls().transactionsSent()).isEqualTo(sent + 1);
  }

  @Test
  void theRouteRefusesAMintWithoutAFileAndAnImportedOneAndNamesAnUnknownToken() {
    publishRegistryKey();
    Pipeline p = pipeline(true, 0);
    String fresh = token();
    p.service.submit(fresh, "notes.txt", DATA);
    String imported = token();
    p.store.imported(
        new MintStore.Imported(
            7,
            imported,
            BigInteger.ONE,
            BigInteger.ONE,
            "0x" + "ab".repeat(32),
            5L,
            null,
            null,
            null));

    assertThatThrownBy(() -> p.grants.grant(fresh))
        .isInstanceOf(MintStateConflictException.class)
        .hasMessageContaining("no registered file yet");
    assertThatThrownBy(() -> p.grants.grant(imported))
        .isInstanceOf(MintStateConflictException.class)
        .hasMessageContaining("imported");
    assertThatThrownBy(() -> p.grants.grant(token())).isInstanceOf(NoSuchMintException.class);
    assertThat(p.grants.backfill()).as("the imported mint is not looked at").isZero();
    assertThat(chain.controls().transactionsSent()).isZero();
  }

  @Test
  void aFileOwnedByAnotherWalletIsRefusedNamingTheOwner() {
    publishRegistryKey();
    Pipeline p = pipeline(true, 99);
    String token = token();
    p.service.submit(token, "notes.txt", DATA);
    Mint done = p.service.process(token);
    String other = "0x976ea74026e726554db657fa54763abd0c3a0aa9";
    LazaiChain elsewhere = chain.forWallet(other);
    FileId foreign =
        elsewhere.addFile("foreign", "https://example.org/ipfs/x?download=true", "").file().id();
    Mint pointed =
        MintBuilder.mint(done.tokenAddress())
            .in(MintState.REWARDED)
            .withSeed(done.seed())
            .withFileId(foreign.value())
            .build();

    assertThatThrownBy(() -> new FilePermissions(chain, wallet, true).grant(pointed))
        .isInstanceOf(MintStateConflictException.class)
        .hasMessageContaining("owned by " + other);
  }

  /**
   * What the reference query node does (lazai-protocol §9): {@code getFilePermission(fileId,
   * DataRegistry)}, python-rsa PKCS#1 v1.5 decryption with the registry's private key (an optional
   * 0x stripped), then the file downloaded and opened with the password.
   */
  private byte[] readsAsTheQueryNode(Mint mint) throws IOException {
    String hex =
        chain
            .filePermission(new FileId(mint.fileId()), chain.registryAddress())
            .orElseThrow()
            .replaceFirst("^0x", "");
    assertThat(hex).as("one 2048-bit block, lower-case hex").matches("[0-9a-f]{512}");
    RSAPrivateKey key = (RSAPrivateKey) registry.getPrivate();
    assertThatThrownBy(() -> RsaKeyWrap.unwrap(key, hex, RsaScheme.OAEP_SHA1))
        .as("PKCS#1 v1.5, not OAEP")
        .isInstanceOf(KeyUnwrapException.class);
    String password = RsaKeyWrap.unwrap(key, hex, RsaScheme.PKCS1_V15);
    return new PasswordCipher(clock, new SecureRandom()).decrypt(download(mint.url()), password);
  }

  private void publishRegistryKey() {
    chain.controls().setRegistryPublicKey(RsaKeys.toPkcs1Pem((RSAPublicKey) registry.getPublic()));
  }

  private record Pipeline(MintStore store, MintService service, PermissionGrants grants) {}

  /** With the first {@code steps} steps only, as an instance that stops (crashes) after them. */
  private Pipeline pipeline(boolean grantPermission, int steps) {
    MintProperties properties = properties(grantPermission);
    MintStore store = new MintStore(db.jdbc(), db.tx(), clock, false, event -> {});
    List<MintStep> all =
        MintSteps.of(
            new MintSteps.Ports(content, chain, nodes, wallet, new SimpleMeterRegistry()),
            store,
            properties,
            clock);
    MintRunner runner =
        new MintRunner(
            store,
            all.subList(0, Math.min(steps, all.size())),
            properties,
            clock,
            "instance-" + runners.size());
    runners.add(runner);
    MintService service =
        new MintService(
            store,
            runner,
            properties,
            wallet,
            new PasswordCipher(clock, new SecureRandom()),
            clock);
    return new Pipeline(
        store,
        service,
        new PermissionGrants(store, new FilePermissions(chain, wallet, grantPermission)));
  }

  private static MintProperties properties(boolean grantPermission) {
    return new MintProperties(
        SEED,
        null,
        null,
        null,
        null,
        Duration.ofMinutes(3),
        false,
        Duration.ofMinutes(30),
        ProofDeadlinePolicy.REPORT,
        3,
        Duration.ofSeconds(3),
        null,
        null,
        null,
        null,
        null,
        grantPermission);
  }

  private byte[] download(String url) throws IOException {
    String cid = URI.create(url).getPath().replace("/ipfs/", "");
    try (var open = content.open(new Cid(cid)).orElseThrow(() -> new IOException("no " + cid))) {
      return open.stream().readAllBytes();
    }
  }

  private static String token() {
    byte[] address = new byte[20];
    new SecureRandom().nextBytes(address);
    return "0x" + HexFormat.of().formatHex(address);
  }
}
