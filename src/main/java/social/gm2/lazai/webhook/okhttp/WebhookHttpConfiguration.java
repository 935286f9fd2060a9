package social.gm2.lazai.webhook.okhttp;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import social.gm2.lazai.webhook.SubscriberEndpoint;
import social.gm2.lazai.webhook.WebhookProperties;
import social.gm2.lazai.webhook.WebhookUrlPolicy;

/** Subscribers over HTTP(S), called only where the URL policy allows. */
@Configuration(proxyBeanMethods = false)
class WebhookHttpConfiguration {

  @Bean
  SubscriberEndpoint subscriberEndpoint(WebhookUrlPolicy urls, WebhookProperties properties) {
    return new OkHttpSubscriberEndpoint(
        urls.policy(), properties.connectTimeout(), properties.timeout());
  }
}
