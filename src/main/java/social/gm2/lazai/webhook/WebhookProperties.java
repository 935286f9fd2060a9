package social.gm2.lazai.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import social.gm2.lazai.config.Setting;

/**
 * Signed webhooks: who receives which mint events, and how hard the service tries.
 *
 * @param subscribers the receivers; none by default (then nothing is written to the outbox)
 * @param allowedNetworks internal networks (CIDR) a subscriber URL may still resolve into; empty by
 *     default: subscribers must be public, as node URLs must
 * @param connectTimeout connecting to a subscriber (5 s)
 * @param timeout a whole delivery, answer included (15 s)
 * @param retryDelay the wait after a delivery's first failed attempt, doubled after each further
 *     one up to {@code maxRetryDelay} (5 s)
 * @param maxRetryDelay the longest wait between two attempts (1 h)
 * @param retryFor how long after its event a delivery is still tried; then it is FAILED (24 h)
 * @param pollInterval how often each instance looks for due deliveries (1 s); a mint move on this
 *     instance wakes it at once
 * @param workers deliveries each instance sends at once (2)
 * @param leaseDuration how long a delivery an instance took stays its own (1 min; longer than
 *     {@code timeout})
 */
@ConfigurationProperties("lazai.webhooks")
public record WebhookProperties(
    List<Subscriber> subscribers,
    List<String> allowedNetworks,
    Duration connectTimeout,
    Duration timeout,
    Duration retryDelay,
    Duration maxRetryDelay,
    Duration retryFor,
    Duration pollInterval,
    Integer workers,
    Duration leaseDuration) {

  private static final String PREFIX = "lazai.webhooks.";

  public WebhookProperties {
    subscribers = named(subscribers == null ? List.of() : subscribers);
    allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
    connectTimeout = positive("connect-timeout", connectTimeout, Duration.ofSeconds(5));
    timeout = positive("timeout", timeout, Duration.ofSeconds(15));
    retryDelay = positive("retry-delay", retryDelay, Duration.ofSeconds(5));
    maxRetryDelay = positive("max-retry-delay", maxRetryDelay, Duration.ofHours(1));
    retryFor = positive("retry-for", retryFor, Duration.ofHours(24));
    pollInterval = positive("poll-interval", pollInterval, Duration.ofSeconds(1));
    workers = workers == null ? 2 : workers;
    if (workers < 1 || workers > 64) {
      throw Setting.property(PREFIX + "workers").problem("must be between 1 and 64");
    }
    leaseDuration = positive("lease-duration", leaseDuration, Duration.ofMinutes(1));
    if (leaseDuration.compareTo(timeout.plus(connectTimeout)) <= 0) {
      throw Setting.property(PREFIX + "lease-duration")
          .problem("must be longer than timeout + connect-timeout, or two instances may send");
    }
  }

  /** The subscribers that want {@code type}. */
  public List<Subscriber> wanting(WebhookEventType type) {
    return subscribers.stream().filter(s -> s.events().contains(type)).toList();
  }

  public Subscriber subscriber(String name) {
    return subscribers.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  private static List<Subscriber> named(List<Subscriber> given) {
    List<Subscriber> checked = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      Subscriber s = Subscriber.checked(given.get(i), i);
      if (!names.add(s.name())) {
        throw Setting.property(PREFIX + "subscribers[" + i + "].name")
            .problem("repeats the name '" + s.name() + "': each subscriber needs its own");
      }
      checked.add(s);
    }
    return List.copyOf(checked);
  }

  private static Duration positive(String name, Duration value, Duration fallback) {
    Duration d = value == null ? fallback : value;
    if (d.isNegative() || d.isZero()) {
      throw Setting.property(PREFIX + name).problem("must be a positive duration");
    }
    return d;
  }
}
