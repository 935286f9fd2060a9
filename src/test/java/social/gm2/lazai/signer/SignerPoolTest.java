package social.gm2.lazai.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.signer.factory.SignerFactory;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestSenders;

/**
 * {@code lazai.signer.pool[i]} bound as Spring binds it and opened by {@link SignerFactory#pool}:
 * the service wallet first, members in order, each adapter, and every refusal naming the member's
 * setting without its key or password.
 */
class SignerPoolTest {
  private static final String MAIN_KEY = HardhatNode.KEYS.get(2);
  private static final String KEY_6 = HardhatNode.KEYS.get(6);
  private static final String KEY_7 = HardhatNode.KEYS.get(7);
  private static final Signer MAIN = TestSenders.signer(MAIN_KEY);

  @TempDir Path dir;

  @Test
  void withoutAPoolTheServiceWalletAloneSends() {
    SignerProperties properties = bind(Map.of());

    assertThat(properties.pool()).isEmpty();
    assertThat(SignerFactory.pool(properties, MAIN, "production", name -> null))
        .containsExactly(MAIN);
  }

  @Test
  void plainAndKeystoreMembersFollowTheServiceWalletInOrder() throws Exception {
    Path keystore = TestKeystores.write(dir, KEY_7);
    Map<String, String> settings = new HashMap<>();
    settings.put("lazai.signer.pool[0].private-key", KEY_6.substring(2));
    settings.put("lazai.signer.pool[1].type", "keystore");
    settings.put("lazai.signer.pool[1].keystore.path", keystore.toString());
    settings.put("lazai.signer.pool[1].keystore.password-variable", "POOL_PASSWORD");

    List<Signer> pool =
        SignerFactory.pool(
            bind(settings), MAIN, "test", Map.of("POOL_PASSWORD", TestKeystores.PASSWORD)::get);

    assertThat(pool)
        .extracting(Signer::address)
        .containsExactly(
            MAIN.address(),
            TestSenders.signer(KEY_6).address(),
            TestSenders.signer(KEY_7).address());
    assertThat(pool.get(1).toString()).doesNotContain(KEY_6.substring(2));
  }

  @Test
  void theServiceWalletAgainInThePoolIsRefused() {
    String message =
        refusal(
            Map.of("lazai.signer.pool[0].private-key", MAIN_KEY),
            "test",
            "lazai.signer.pool[0] holds the wallet");
    assertThat(message).contains("the service wallet (lazai.signer) holds already");
  }

  @Test
  void oneWalletTwiceInThePoolIsRefusedNamingBoth() {
    String message =
        refusal(
            Map.of(
                "lazai.signer.pool[0].private-key", KEY_6,
                "lazai.signer.pool[1].private-key", KEY_7,
                "lazai.signer.pool[2].private-key", KEY_6.substring(2)),
            "test",
            "lazai.signer.pool[2] holds the wallet");
    assertThat(message).contains("which lazai.signer.pool[0] holds already");
  }

  @Test
  void aMalformedKeyIsRefusedWithoutEchoingIt() {
    refusal(
        Map.of("lazai.signer.pool[0].private-key", "0x1234not-a-key"),
        "test",
        "lazai.signer.pool[0].private-key must be a private key of 32 bytes");
  }

  @Test
  void aPlainMemberWithoutItsKeyIsRefused() {
    refusal(
        Map.of("lazai.signer.pool[0].type", "plain"),
        "test",
        "lazai.signer.pool[0].private-key is required but not set");
  }

  @Test
  void aKeyBesideAKeystoreOrRemoteMemberIsRefused() {
    refusal(
        Map.of(
            "lazai.signer.pool[0].type",
            "remote",
            "lazai.signer.pool[0].private-key",
            KEY_6,
            "lazai.signer.pool[0].remote.url",
            "https://signer.example:9000",
            "lazai.signer.pool[0].remote.address",
            TestSenders.signer(KEY_6).address()),
        "test",
        "lazai.signer.pool[0].private-key must not be set when lazai.signer.pool[0].type is"
            + " remote");
  }

  @Test
  void anIncompleteKeystoreOrRemoteMemberIsRefusedByItsOwnSetting() {
    refusal(
        Map.of(
            "lazai.signer.pool[0].type",
            "keystore",
            "lazai.signer.pool[0].keystore.path",
            dir.resolve("k.json").toString()),
        "test",
        "lazai.signer.pool[0].keystore.password-file or"
            + " lazai.signer.pool[0].keystore.password-variable must be set");
    refusal(
        Map.of(
            "lazai.signer.pool[0].type", "remote",
            "lazai.signer.pool[0].remote.url", "https://signer.example:9000"),
        "test",
        "lazai.signer.pool[0].remote.address is required but not set");
  }

  @Test
  void aWrongKeystorePasswordNamesTheMembersKeystore() throws Exception {
    Path keystore = TestKeystores.write(dir, KEY_7);
    String message =
        refusal(
            Map.of(
                "lazai.signer.pool[0].type", "keystore",
                "lazai.signer.pool[0].keystore.path", keystore.toString(),
                "lazai.signer.pool[0].keystore.password-variable", "POOL_PASSWORD"),
            "test",
            "lazai.signer.pool[0].keystore.path");
    assertThat(message).contains("lazai.signer.pool[0].keystore.password-variable");
  }

  @Test
  void plainKeysInThePoolFollowTheProductionPolicy() {
    refusal(
        Map.of("lazai.signer.pool[0].private-key", KEY_6),
        "production",
        "lazai.signer.pool[0].type is plain while APP_ENV (lazai.app-env) is production");
    SignerProperties allowed =
        bind(
            Map.of(
                "lazai.signer.pool[0].private-key", KEY_6, "lazai.signer.allow-plain-key", "true"));
    assertThat(SignerFactory.pool(allowed, MAIN, "production", name -> null)).hasSize(2);
  }

  /** The refusal's message, which starts with {@code expected} and holds no key. */
  private String refusal(Map<String, String> settings, String appEnv, String expected) {
    Throwable failure =
        catchThrowable(
            () ->
                SignerFactory.pool(
                    bind(settings),
                    MAIN,
                    appEnv,
                    Map.of("POOL_PASSWORD", "n0t-the-p4ssw0rd")::get));
    Throwable cause = failure;
    while (cause != null && !(cause instanceof ConfigurationException)) {
      cause = cause.getCause();
    }
    assertThat(cause).as("refused by a ConfigurationException: " + failure).isNotNull();
    assertThat(cause.getMessage())
        .startsWith(expected)
        .doesNotContain(MAIN_KEY.substring(2), KEY_6.substring(2), KEY_7.substring(2))
        .doesNotContain("n0t-the-p4ssw0rd", TestKeystores.PASSWORD);
    return cause.getMessage();
  }

  private static SignerProperties bind(Map<String, String> settings) {
    Binder binder =
        new Binder(
            List.of(new MapConfigurationPropertySource(settings)),
            null,
            ApplicationConversionService.getSharedInstance());
    return binder
        .bind("lazai.signer", SignerProperties.class)
        .orElseGet(() -> new SignerProperties(null, null, null, null));
  }
}
