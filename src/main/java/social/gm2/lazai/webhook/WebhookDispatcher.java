package social.gm2.lazai.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sends the outbox: every poll interval (and at once when a mint moved here) it leases due
 * deliveries, as many as it has idle workers, signs each event for its subscriber the Standard
 * Webhooks way and posts it. A 2xx answer delivers it; anything else is retried with the wait
 * doubled from {@code retry-delay} up to {@code max-retry-delay}, until {@code retry-for} after the
 * event, when the delivery is FAILED (logged at ERROR, listed by the API and the dashboard). At
 * least once: a subscriber may see an event again (a lost answer, an instance killed mid-call) with
 * the same {@code webhook-id}, which is how it drops the duplicate.
 */
public final class WebhookDispatcher implements SmartLifecycle, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Pattern URL = Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]*://\\S*");

  private final Deliveries deliveries;
  private final SubscriberEndpoint endpoint;
  private final WebhookProperties properties;
  private final Clock clock;
  private final String owner;
  private final AtomicInteger busy = new AtomicInteger();
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private ScheduledFuture<?> polling;

  /**
   * @param owner this instance's name in the leases it takes; unique per instance
   */
  public WebhookDispatcher(
      Deliveries deliveries,
      SubscriberEndpoint endpoint,
      WebhookProperties properties,
      Clock clock,
      String owner) {
    this.deliveries = deliveries;
    this.endpoint = endpoint;
    this.properties = properties;
    this.clock = clock;
    this.owner = owner;
    this.workers = Executors.newFixedThreadPool(properties.workers(), daemon("webhook-worker"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("webhook-poller"));
  }

  /** Looks for due deliveries now, off the caller's thread (after a mint move committed). */
  public void wake() {
    try {
      timer.execute(this::pollQuietly);
    } catch (RejectedExecutionException e) {
      // stopping: the next instance to poll sends it
    }
  }

  /**
   * Leases due deliveries for the idle workers and starts sending them.
   *
   * @return how many it took
   */
  public int poll() {
    int room = properties.workers() - busy.get();
    if (room <= 0) {
      return 0;
    }
    Instant now = clock.instant();
    List<Delivery> due = deliveries.lease(owner, now, now.plus(properties.leaseDuration()), room);
    for (Delivery d : due) {
      busy.incrementAndGet();
      try {
        workers.execute(
            () -> {
              try {
                attempt(d);
              } finally {
                busy.decrementAndGet();
              }
            });
      } catch (RejectedExecutionException e) {
        busy.decrementAndGet(); // stopping: the lease runs out and another instance sends it
      }
    }
    return due.size();
  }

  /** One attempt of a leased delivery, recorded. */
  void attempt(Delivery d) {
    Subscriber subscriber = properties.subscriber(d.subscriber());
    Instant now = clock.instant();
    if (subscriber == null) {
      log.error(
          "webhook event={} subscriber={} is no longer configured", d.eventId(), d.subscriber());
      deliveries.failed(d, owner, null, "the subscriber is no longer configured", now);
      return;
    }
    Integer status = null;
    String error;
    try {
      status = endpoint.post(subscriber, headers(subscriber, d, now), d.payload());
      error = "answered HTTP " + status;
    } catch (RuntimeException e) {
      error = URL.matcher(String.valueOf(e.getMessage())).replaceAll("[url]");
    }
    Instant after = clock.instant();
    if (status != null && status / 100 == 2) {
      log.info(
          "webhook event={} type={} token={} delivered to subscriber={} after {} attempts",
          d.eventId(),
          d.type(),
          d.tokenAddress(),
          d.subscriber(),
          d.attempts() + 1);
      deliveries.delivered(d, owner, status, after);
      return;
    }
    Instant next = after.plus(delay(d.attempts()));
    if (next.isAfter(d.eventAt().plus(properties.retryFor()))) {
      log.error(
          "webhook event={} type={} token={} to subscriber={} FAILED after {} attempts: {}",
          d.eventId(),
          d.type(),
          d.tokenAddress(),
          d.subscriber(),
          d.attempts() + 1,
          error);
      deliveries.failed(d, owner, status, error, after);
    } else {
      log.warn(
          "webhook event={} to subscriber={} attempt {} failed, next at {}: {}",
          d.eventId(),
          d.subscriber(),
          d.attempts() + 1,
          next,
          error);
      deliveries.postponed(d, owner, status, error, next);
    }
  }

  private static Map<String, String> headers(Subscriber s, Delivery d, Instant now) {
    long timestamp = now.getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", d.eventId());
    headers.put("webhook-timestamp", Long.toString(timestamp));
    headers.put(
        "webhook-signature", WebhookSignature.sign(s.key(), d.eventId(), timestamp, d.payload()));
    headers.put("User-Agent", "lazai-dat-processor");
    return headers;
  }

  /** The wait after {@code failuresBefore} + 1 failures: doubled each time, capped. */
  private Duration delay(int failuresBefore) {
    Duration delay = properties.retryDelay().multipliedBy(1L << Math.min(failuresBefore, 30));
    return delay.compareTo(properties.maxRetryDelay()) > 0 || delay.isNegative()
        ? properties.maxRetryDelay()
        : delay;
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      log.warn(
          "webhook poll failed; trying again in {}: {}", properties.pollInterval(), e.toString());
    }
  }

  @Override
  public synchronized void start() {
    if (properties.subscribers().isEmpty()) {
      return; // nothing is ever written to the outbox: no polling
    }
    long every = properties.pollInterval().toMillis();
    polling = timer.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  /** Stops polling; deliveries in flight get the call's timeout to finish. */
  @Override
  public synchronized void stop() {
    if (polling != null) {
      polling.cancel(false);
      polling = null;
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(
          properties.timeout().plus(properties.connectTimeout()).toMillis(),
          TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return polling != null;
  }

  @Override
  public void close() {
    stop();
    timer.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
