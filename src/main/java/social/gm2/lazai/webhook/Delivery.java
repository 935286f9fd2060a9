package social.gm2.lazai.webhook;

import java.time.Instant;

/**
 * A delivery an instance leased: the event to send to one subscriber, one more attempt.
 *
 * @param eventId the {@code webhook-id}, the same on every attempt
 * @param attempts attempts made before this one
 * @param eventAt when the event happened: retries stop {@code retry-for} after it
 */
public record Delivery(
    long id,
    String eventId,
    String type,
    String tokenAddress,
    String subscriber,
    String payload,
    int attempts,
    Instant eventAt) {}
