package social.gm2.lazai.webhook;

import java.net.URI;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import social.gm2.lazai.config.Secret;
import social.gm2.lazai.config.Setting;

/**
 * One receiver of webhooks ({@code lazai.webhooks.subscribers[i]}).
 *
 * @param name how deliveries name it (letters, digits, {@code _ $ -}); {@code subscriber-<i>} when
 *     not set. Keep it stable: pending deliveries are found by it
 * @param url where events are posted: http(s), no credentials in it, and public unless its network
 *     is in {@code lazai.webhooks.allowed-networks}
 * @param secret the Standard Webhooks signing secret: {@code whsec_} followed by 24 to 64 random
 *     bytes in base64
 * @param events the event types it receives, by name ({@code mint.rewarded}, {@code mint.attested},
 *     {@code mint.failed}, {@code attestation.revoked}); all four when empty
 */
public record Subscriber(String name, String url, Secret secret, Set<WebhookEventType> events) {

  public Subscriber {
    events = events == null || events.isEmpty() ? EnumSet.allOf(WebhookEventType.class) : events;
    events = Set.copyOf(events);
  }

  /** The HMAC key: the bytes the secret's base64 stands for. */
  public byte[] key() {
    return Base64.getDecoder().decode(secret.reveal().strip().substring("whsec_".length()));
  }

  public URI uri() {
    return URI.create(url);
  }

  static Subscriber checked(Subscriber s, int i) {
    String at = "lazai.webhooks.subscribers[" + i + "]";
    String name = s.name() == null || s.name().isBlank() ? "subscriber-" + i : s.name().strip();
    name = new Setting(null, at + ".name").identifier(name);
    String url = new Setting(null, at + ".url").httpUrl(s.url()).toString();
    Setting secret = new Setting(null, at + ".secret");
    secret.required(s.secret());
    String text = s.secret().reveal().strip();
    if (!text.startsWith("whsec_")) {
      throw secret.problem("must be a Standard Webhooks secret: whsec_ followed by base64");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.substring("whsec_".length()));
    } catch (IllegalArgumentException e) {
      throw secret.problem("is not valid base64 after whsec_");
    }
    if (key.length < 24 || key.length > 64) {
      throw secret.problem(
          "must stand for 24 to 64 random bytes (Standard Webhooks); it has " + key.length);
    }
    return new Subscriber(name, url, s.secret(), s.events());
  }
}
