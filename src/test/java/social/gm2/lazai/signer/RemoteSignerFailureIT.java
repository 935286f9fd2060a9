package social.gm2.lazai.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.signer.factory.SignerFactory;
import social.gm2.lazai.support.HardhatNode;

/**
 * The remote adapter's failures, classified once: no connection, a timeout and 5xx are retryable;
 * 4xx, JSON-RPC errors, oversized answers and answers that are not what was asked for (another key,
 * another chain) are permanent, each with a reason naming the setting and never a password.
 */
@org.junit.jupiter.api.Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
class RemoteSignerFailureIT {
  private static final String KEY = HardhatNode.KEYS.get(5);
  private static final String SEED = "Sign to retrieve your encryption key";

  @TempDir Path dir;
  private Signer inside;
  private Signer impostor;

  @BeforeEach
  void keystores() throws Exception {
    inside = TestKeystores.open(dir.resolve("wallet"), KEY);
    impostor = TestKeystores.open(dir.resolve("impostor"), HardhatNode.KEYS.get(6));
  }

  @Test
  void anUnavailableSignerIsRetryableAndRecovers() throws Exception {
    try (var server = LocalWeb3Signer.start(inside, impostor, SignerContract.CHAIN_ID)) {
      Signer remote = TestKeystores.remote(server, inside.address());
      server.fault = LocalWeb3Signer.Fault.UNAVAILABLE;

      assertFailure(() -> remote.derivePassword(SEED), true, server.url(), "HTTP 503", "-32603");

      server.fault = LocalWeb3Signer.Fault.NONE;
      assertThat(remote.derivePassword(SEED)).isEqualTo(inside.derivePassword(SEED));
    }
  }

  @Test
  void aSignerDownAtStartupIsCheckedOnFirstUseAndRetryable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Signer remote =
        SignerFactory.create(
            remote("http://127.0.0.1:" + port, null, null), null, "production", n -> null);

    assertThat(remote.address()).isEqualTo(inside.address());
    assertFailure(() -> remote.derivePassword(SEED), true, "127.0.0.1:" + port, "did not answer");
  }

  @Test
  void aSignerThatDoesNotAnswerTimesOutRetryably() throws Exception {
    try (var server = LocalWeb3Signer.start(inside, impostor, SignerContract.CHAIN_ID)) {
      Signer remote =
          SignerFactory.create(
              remote(server.url(), Duration.ofMillis(500), null), null, "test", n -> null);
      server.fault = LocalWeb3Signer.Fault.HANG;
      Instant start = Instant.now();

      assertFailure(() -> remote.derivePassword(SEED), true, server.url(), "did not answer");
      assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void refusalsAndOversizedAnswersArePermanent() throws Exception {
    try (var server = LocalWeb3Signer.start(inside, impostor, SignerContract.CHAIN_ID)) {
      Signer remote = TestKeystores.remote(server, inside.address());

      server.fault = LocalWeb3Signer.Fault.BAD_REQUEST;
      assertFailure(
          () -> remote.signTransaction(transfer(SignerContract.CHAIN_ID)),
          false,
          "eth_signTransaction",
          "HTTP 400: -32602 Invalid params");

      server.fault = LocalWeb3Signer.Fault.HUGE;
      assertFailure(
          () -> remote.derivePassword(SEED),
          false,
          "answered more than lazai.signer.remote.max-response-size (65536 bytes)");
    }
  }

  @Test
  void aSignerWithoutTheAddressIsRefusedAtStartup() throws Exception {
    try (var server = LocalWeb3Signer.start(impostor, impostor, SignerContract.CHAIN_ID)) {
      assertThatThrownBy(() -> TestKeystores.remote(server, inside.address()))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("lazai.signer.remote is unusable")
          .hasMessageContaining("does not hold lazai.signer.remote.address " + inside.address());
    }
  }

  @Test
  void answersByAnotherKeyOrForAnotherChainAreRefused() throws Exception {
    try (var server = LocalWeb3Signer.start(inside, impostor, SignerContract.CHAIN_ID);
        var mainnet = LocalWeb3Signer.start(inside, impostor, 1)) {
      Signer remote = TestKeystores.remote(server, inside.address());
      server.fault = LocalWeb3Signer.Fault.OTHER_KEY;

      assertFailure(
          () -> remote.derivePassword(SEED),
          false,
          "eth_sign: answered a signature by another key");
      assertFailure(
          () -> remote.signTransaction(transfer(SignerContract.CHAIN_ID)),
          false,
          "answered a transaction signed by another key");
      assertFailure(
          () ->
              TestKeystores.remote(mainnet, inside.address())
                  .signTransaction(transfer(SignerContract.CHAIN_ID)),
          false,
          "a transaction for chain id 1 while lazai.chain.chain-id is 133718 (start Web3Signer"
              + " with --chain-id=133718)");
    }
  }

  @Test
  void httpsWithATrustStoreAndAClientCertificate() throws Exception {
    TestTls tls = TestTls.create(dir.resolve("tls"));
    try (var server =
        LocalWeb3Signer.startTls(inside, SignerContract.CHAIN_ID, tls.serverContext(), true)) {
      Signer remote =
          SignerFactory.create(
              remote(server.url(), null, tls.clientSettings(true)), null, "production", n -> null);
      assertThat(remote.derivePassword(SEED)).isEqualTo(inside.derivePassword(SEED));

      // Without its certificate the server refuses the client: no signature either way.
      assertThatThrownBy(
              () ->
                  SignerFactory.create(
                          remote(server.url(), null, tls.clientSettings(false)),
                          null,
                          "production",
                          n -> null)
                      .derivePassword(SEED))
          .isInstanceOfAny(SignerException.class, ConfigurationException.class);
      // A server certificate nobody trusts is a configuration error, refused at startup.
      assertThatThrownBy(
              () ->
                  SignerFactory.create(
                      remote(server.url(), null, null), null, "production", n -> null))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("could not be reached over TLS")
          .hasMessageContaining("check lazai.signer.remote.tls");
    }
  }

  private SignerProperties remote(String url, Duration timeout, SignerProperties.Tls tls) {
    return new SignerProperties(
        SignerProperties.Type.REMOTE,
        null,
        null,
        new SignerProperties.Remote(
            url, inside.address(), Duration.ofSeconds(2), timeout, DataSize.ofKilobytes(64), tls));
  }

  private TransactionRequest transfer(long chainId) {
    return TransactionRequest.legacy(
        chainId,
        0,
        BigInteger.ONE,
        BigInteger.valueOf(21_000),
        inside.address(),
        BigInteger.ONE,
        null);
  }

  private void assertFailure(Runnable call, boolean retryable, String... reason) {
    String password = inside.derivePassword(SEED);
    assertThatThrownBy(call::run)
        .isInstanceOf(SignerException.class)
        .satisfies(
            e -> {
              assertThat(((SignerException) e).retryable()).as("retryable").isEqualTo(retryable);
              assertThat(e.getMessage())
                  .contains(reason)
                  .contains("lazai.signer.remote.url")
                  .doesNotContain(password.substring(2, 40))
                  .doesNotContain(impostor.derivePassword(SEED).substring(2, 40))
                  .doesNotContain(KEY.substring(2));
            });
  }
}
