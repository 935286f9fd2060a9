package social.gm2.lazai.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import social.gm2.lazai.config.ConfigurationException;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.mint.MintState;

/** Subscribers checked at startup, the events moves cause, and the signature's bytes. */
class WebhookPropertiesTest {
  private static final String SECRET =
      "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

  @Test
  void defaultsAndNames() {
    WebhookProperties p =
        properties(new Subscriber(null, "https://hooks.example/in", secret(), null));
    assertThat(p.subscribers().get(0).name()).isEqualTo("subscriber-0");
    assertThat(p.subscribers().get(0).events())
        .containsExactlyInAnyOrder(WebhookEventType.values());
    assertThat(p.retryFor()).isEqualTo(Duration.ofHours(24));
    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(p.wanting(WebhookEventType.MINT_FAILED)).hasSize(1);
    assertThat(p.subscribers().toString()).doesNotContain(SECRET);
  }

  @Test
  void eachBadSettingIsNamedAndNoSecretQuoted() {
    assertThatThrownBy(() -> properties(new Subscriber("a", "ftp://x/", secret(), null)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("lazai.webhooks.subscribers[0].url must be an absolute URL");
    assertThatThrownBy(() -> properties(new Subscriber("a", "https://u:p@x/", secret(), null)))
        .hasMessageContaining("must not carry credentials");
    assertThatThrownBy(() -> properties(new Subscriber("a", "https://x/", null, null)))
        .hasMessageContaining("lazai.webhooks.subscribers[0].secret is required");
    assertThatThrownBy(
            () -> properties(new Subscriber("a", "https://x/", Secret.valueOf("hunter2"), null)))
        .hasMessageContaining("must be a Standard Webhooks secret")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(
            () ->
                properties(
                    new Subscriber(
                        "a",
                        "https://x/",
                        Secret.valueOf("whsec_" + Base64.getEncoder().encodeToString(new byte[8])),
                        null)))
        .hasMessageContaining("24 to 64 random bytes");
    assertThatThrownBy(
            () ->
                properties(
                    new Subscriber("a", "https://x/", secret(), null),
                    new Subscriber("a", "https://y/", secret(), null)))
        .hasMessageContaining("lazai.webhooks.subscribers[1].name repeats the name 'a'");
  }

  @Test
  void aSubscriberUrlInAnInternalNetworkStopsStartupUnlessAllowed() {
    WebhookProperties internal =
        properties(new Subscriber("a", "http://10.1.2.3/h", secret(), null));
    assertThatThrownBy(() -> new WebhookConfiguration().webhookUrlPolicy(internal))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "lazai.webhooks.subscribers[0].url subscriber URL resolves to 10.1.2.3")
        .hasMessageContaining("lazai.webhooks.allowed-networks");
    WebhookProperties allowed =
        new WebhookProperties(
            internal.subscribers(),
            List.of("10.0.0.0/8"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(new WebhookConfiguration().webhookUrlPolicy(allowed)).isNotNull();
  }

  @Test
  void theMovesThatCauseEvents() {
    assertThat(WebhookEventType.of(MintState.PROOF_SUBMITTED, MintState.REWARDED))
        .contains(WebhookEventType.MINT_REWARDED);
    assertThat(WebhookEventType.of(MintState.REWARDED, MintState.ATTESTED))
        .contains(WebhookEventType.MINT_ATTESTED);
    assertThat(WebhookEventType.of(MintState.ATTESTED, MintState.REWARDED))
        .contains(WebhookEventType.ATTESTATION_REVOKED);
    assertThat(WebhookEventType.of(MintState.UPLOADED, MintState.FAILED))
        .contains(WebhookEventType.MINT_FAILED);
    assertThat(WebhookEventType.of(null, MintState.REWARDED)).as("an import").isEmpty();
    assertThat(WebhookEventType.of(MintState.ENCRYPTED, MintState.UPLOADED)).isEmpty();
    assertThat(WebhookEventType.of(MintState.REWARDED, MintState.REWARDED))
        .as("in place")
        .isEmpty();
    assertThat(WebhookEventType.of(MintState.ATTESTED, MintState.ATTESTED)).isEmpty();
    assertThat(EnumSet.allOf(WebhookEventType.class))
        .extracting(WebhookEventType::wireName)
        .containsExactly("mint.rewarded", "mint.attested", "mint.failed", "attestation.revoked");
  }

  @Test
  void theSignatureIsTheStandardWebhooksHmac() {
    // The Standard Webhooks example; interop/node_modules/standardwebhooks signs it the same.
    byte[] key = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    String signature =
        WebhookSignature.sign(
            key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");
    assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  private static Secret secret() {
    return Secret.valueOf(SECRET);
  }

  private static WebhookProperties properties(Subscriber... subscribers) {
    return new WebhookProperties(
        List.of(subscribers), null, null, null, null, null, null, null, null, null);
  }
}
