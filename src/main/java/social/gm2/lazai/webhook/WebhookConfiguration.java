package social.gm2.lazai.webhook;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import social.gm2.lazai.chain.ForbiddenNodeUrlException;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.config.InstanceName;
import social.gm2.lazai.config.Setting;
import social.gm2.lazai.mint.MintMoved;

/**
 * The webhook outbox (a listener of every mint move), its delivery rows and the dispatcher. The
 * subscribers' URLs are checked against the URL policy at startup: one that resolves into an
 * internal network that is not allowed stops the service naming the setting.
 */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {
  private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);

  @Bean
  WebhookOutbox webhookOutbox(JdbcTemplate jdbc, WebhookProperties properties, Clock clock) {
    return new WebhookOutbox(jdbc, properties, clock);
  }

  @Bean
  Deliveries webhookDeliveries(JdbcTemplate jdbc) {
    return new Deliveries(jdbc);
  }

  @Bean
  WebhookUrlPolicy webhookUrlPolicy(WebhookProperties properties) {
    NodeUrlPolicy policy;
    try {
      policy = new NodeUrlPolicy(properties.allowedNetworks(), "lazai.webhooks.allowed-networks");
    } catch (IllegalArgumentException e) {
      throw Setting.property("lazai.webhooks.allowed-networks").problem(e.getMessage());
    }
    for (int i = 0; i < properties.subscribers().size(); i++) {
      Subscriber s = properties.subscribers().get(i);
      try {
        policy.resolve(s.url());
      } catch (ForbiddenNodeUrlException e) {
        String problem = WebhookUrlPolicy.problem(e);
        if (problem.contains("does not resolve")) {
          log.warn("webhook subscriber={} {}; deliveries are retried", s.name(), problem);
        } else {
          throw Setting.property("lazai.webhooks.subscribers[" + i + "].url").problem(problem);
        }
      }
    }
    log.info("webhooks: {} subscribers", properties.subscribers().size());
    return new WebhookUrlPolicy(policy);
  }

  @Bean(destroyMethod = "close")
  WebhookDispatcher webhookDispatcher(
      Deliveries deliveries,
      SubscriberEndpoint endpoint,
      WebhookProperties properties,
      Clock clock,
      InstanceName instance) {
    return new WebhookDispatcher(deliveries, endpoint, properties, clock, instance.value());
  }

  @Bean
  Waker webhookWaker(WebhookDispatcher dispatcher, WebhookProperties properties) {
    return new Waker(dispatcher, !properties.subscribers().isEmpty());
  }

  /** Wakes the dispatcher after a move committed here: its event is sent without waiting a poll. */
  record Waker(WebhookDispatcher dispatcher, boolean any) {
    @EventListener
    public void moved(MintMoved event) {
      if (any && WebhookEventType.of(event.from(), event.mint().state()).isPresent()) {
        dispatcher.wake();
      }
    }
  }
}
