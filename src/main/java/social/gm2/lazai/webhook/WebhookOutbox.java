package social.gm2.lazai.webhook;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintMoveListener;
import social.gm2.lazai.mint.MintState;

/**
 * Writes the webhook events a mint move causes into the outbox, inside the move's transaction (it
 * is a {@link MintMoveListener}): a move that commits has its event stored, one that rolls back has
 * none. One {@code webhook_event} row (its id is the {@code webhook-id} every attempt carries) and
 * one PENDING {@code webhook_delivery} row per subscriber that wants the event type.
 */
public final class WebhookOutbox implements MintMoveListener {
  private final JdbcTemplate jdbc;
  private final WebhookProperties properties;
  private final Clock clock;

  public WebhookOutbox(JdbcTemplate jdbc, WebhookProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void moved(MintState from, Mint moved) {
    WebhookEventType.of(from, moved.state()).ifPresent(type -> store(type, from, moved));
  }

  private void store(WebhookEventType type, MintState from, Mint mint) {
    List<Subscriber> wanting = properties.wanting(type);
    if (wanting.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    Timestamp at = Timestamp.from(now);
    String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
    jdbc.update(
        "INSERT INTO webhook_event (id, type, token_address, mint_id, payload, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        id,
        type.wireName(),
        mint.tokenAddress(),
        mint.id(),
        WebhookPayload.of(type, from, mint, now),
        at);
    for (Subscriber s : wanting) {
      jdbc.update(
          "INSERT INTO webhook_delivery (event_id, subscriber, status, attempts, next_attempt_at,"
              + " created_at) VALUES (?, ?, 'PENDING', 0, ?, ?)",
          id,
          s.name(),
          at,
          at);
    }
  }
}
