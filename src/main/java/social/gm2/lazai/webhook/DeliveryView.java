package social.gm2.lazai.webhook;

import java.time.Instant;

/**
 * A delivery as the API and the dashboard show it (no payload, no subscriber URL or secret).
 *
 * @param status PENDING, DELIVERED or FAILED
 * @param lastStatus the subscriber's last HTTP status; null when it did not answer
 * @param lastError why the last attempt failed
 */
public record DeliveryView(
    long id,
    String eventId,
    String type,
    String tokenAddress,
    String subscriber,
    String status,
    int attempts,
    Integer lastStatus,
    String lastError,
    Instant createdAt,
    Instant nextAttemptAt,
    Instant finishedAt) {}
