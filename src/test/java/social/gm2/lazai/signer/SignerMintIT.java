package social.gm2.lazai.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.gas.DefaultGasProvider;
import social.gm2.lazai.LazaiApplication;
import social.gm2.lazai.chain.web3j.contracts.DataAnchoringToken;
import social.gm2.lazai.chain.web3j.contracts.DataRegistry;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintService;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.ServiceDevnet;

/**
 * The whole service mints a DAT on the devnet twice, once with the treasury wallet in a V3 keystore
 * file ({@code lazai.signer.type=keystore}) and once behind a remote signer ({@code remote}: a
 * local server following Web3Signer's API with that keystore inside), never with the plain key.
 * Both derive the same password as the plain key (so the simulated node, which really decrypts the
 * file, scores the same plaintext the same), and the chain records the same: the file owned by the
 * wallet, every transaction sent from it, the DAT minted to it.
 */
@org.junit.jupiter.api.Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
class SignerMintIT {
  private static final String SEED = "Sign to retrieve your encryption key";
  private static final byte[] DATA =
      "the same private notes, minted through two signers".getBytes(StandardCharsets.UTF_8);
  private static ServiceDevnet env;
  private static Web3j web3;

  @TempDir static Path dir;

  @BeforeAll
  static void devnet() throws Exception {
    env = new ServiceDevnet();
    web3 = Web3j.build(new HttpService(env.chain.url()));
  }

  @AfterAll
  static void stop() {
    if (web3 != null) {
      web3.shutdown();
    }
    if (env != null) {
      env.close();
    }
  }

  @Test
  void aKeystoreAndARemoteSignerMintAlikeWithTheSamePasswords() throws Exception {
    String treasury = Credentials.create(ServiceDevnet.TREASURY_KEY).getAddress();
    Path keystore = TestKeystores.write(dir.resolve("treasury"), ServiceDevnet.TREASURY_KEY);
    Path passwordFile = Files.writeString(dir.resolve("password"), TestKeystores.PASSWORD + "\n");
    String expectedPassword = PlainKeyPasswords.passwordOf(ServiceDevnet.TREASURY_KEY, SEED);

    Minted viaKeystore =
        mint(
            "0x00000000000000000000000000000000000005a1",
            Map.of(
                "lazai.signer.type", "keystore",
                "lazai.signer.keystore.path", keystore.toString(),
                "lazai.signer.keystore.password-file", passwordFile.toString()));
    Minted viaRemote;
    Signer inside = TestKeystores.open(dir.resolve("remote"), ServiceDevnet.TREASURY_KEY);
    try (var server = LocalWeb3Signer.start(inside, inside, SignerContract.CHAIN_ID)) {
      viaRemote =
          mint(
              "0x00000000000000000000000000000000000005a2",
              Map.of(
                  "lazai.signer.type",
                  "remote",
                  "lazai.signer.remote.url",
                  server.url(),
                  "lazai.signer.remote.address",
                  treasury));
      assertThat(server.requests.get())
          .as("signatures asked of the remote signer")
          .isGreaterThan(4);
    }

    assertThat(viaKeystore.password()).isEqualTo(expectedPassword);
    assertThat(viaRemote.password()).isEqualTo(expectedPassword);
    for (Minted minted : List.of(viaKeystore, viaRemote)) {
      Mint mint = minted.mint();
      assertThat(mint.state()).isEqualTo(MintState.REWARDED);
      assertThat(mint.datAmount()).as("the node decrypted the real plaintext").isEqualTo(score());
      var registry =
          DataRegistry.load(
              env.devnet.dataRegistry(),
              web3,
              Credentials.create(ServiceDevnet.TREASURY_KEY),
              new DefaultGasProvider());
      assertThat(registry.getFile(mint.fileId()).send().ownerAddress)
          .isEqualToIgnoringCase(treasury);
      var dat =
          DataAnchoringToken.load(
              env.devnet.dataAnchoringToken(),
              web3,
              Credentials.create(ServiceDevnet.TREASURY_KEY),
              new DefaultGasProvider());
      assertThat(dat.balanceOf(treasury, mint.datTokenId()).send()).isEqualTo(score());
      for (String tx : List.of(mint.registerTxHash(), mint.proofTxHash(), mint.rewardTxHash())) {
        assertThat(web3.ethGetTransactionByHash(tx).send().getTransaction().orElseThrow().getFrom())
            .as("tx %s", tx)
            .isEqualToIgnoringCase(treasury);
      }
    }
    assertThat(viaRemote.mint().datTokenId()).isNotEqualTo(viaKeystore.mint().datTokenId());
  }

  private record Minted(Mint mint, String password) {}

  /**
   * Runs the whole service with {@code signer} settings (and no plain key) and mints {@code token}.
   */
  private static Minted mint(String token, Map<String, String> signer) throws Exception {
    Map<String, Object> properties = new HashMap<>();
    env.register((name, value) -> properties.put(name, value.get()));
    properties.remove("lazai.chain.private-key");
    properties.putAll(signer);
    properties.put("lazai.attestation.enabled", "false");
    properties.put("lazai.queue.provider", "memory");
    properties.put("APP_ENV", "production");
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(LazaiApplication.class)
            .initializers(
                c ->
                    c.getEnvironment()
                        .getPropertySources()
                        .addFirst(new MapPropertySource("signer-mint-it", properties)))
            .run()) {
      MintService service = context.getBean(MintService.class);
      service.submit(token, "notes.txt", DATA);
      Mint done =
          Await.until(
              Duration.ofMinutes(2),
              () -> {
                try {
                  return service.process(token);
                } catch (MintStepException e) {
                  return null;
                }
              },
              mint -> mint != null && mint.state().settled());
      return new Minted(done, context.getBean(Signer.class).derivePassword(SEED));
    }
  }

  private static BigInteger score() throws Exception {
    return BigInteger.ONE.add(
        new BigInteger(1, MessageDigest.getInstance("SHA-256").digest(DATA))
            .mod(BigInteger.valueOf(10_000)));
  }
}
