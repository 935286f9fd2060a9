package social.gm2.lazai.inference;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import social.gm2.lazai.chain.InferenceChain;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.signer.Signer;

/**
 * The inference feature's beans (the chain side, {@link InferenceChain}, is bound on first use, as
 * the mint's chain is): the settlement headers signed by the service wallet, the wallet's node
 * account, the chat completions and the fee records, and (when inference is on) the poller that
 * finds fees settled after their answer.
 */
@Configuration(proxyBeanMethods = false)
class InferenceConfiguration {
  private static final Logger log = LoggerFactory.getLogger(InferenceConfiguration.class);

  @Bean
  SettlementHeaders settlementHeaders(Signer wallet, Clock clock) {
    return new SettlementHeaders(wallet, new SettlementNonces(clock, new SecureRandom()));
  }

  @Bean
  InferenceFees inferenceFees(JdbcTemplate jdbc, Clock clock) {
    return new InferenceFees(jdbc, clock);
  }

  @Bean
  FeeSettlements feeSettlements(@Lazy InferenceChain chain, InferenceFees fees) {
    return new FeeSettlements(chain, fees);
  }

  @Bean
  ChatCompletions chatCompletions(
      InferenceProperties settings,
      @Lazy InferenceChain chain,
      SettlementHeaders headers,
      InferenceFees fees,
      FeeSettlements settlements,
      NodeUrlPolicy urls,
      Clock clock) {
    return new ChatCompletions(
        settings,
        chain,
        new InferenceAccount(chain, settings),
        headers,
        new InferenceClient(settings.connectTimeout(), settings.readTimeout()),
        fees,
        settlements,
        urls,
        clock);
  }

  /** Looks for unsettled fees every {@code settlement-poll-interval} while inference is on. */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService inferenceFeePoller() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread thread = new Thread(r, "inference-fee-poller");
          thread.setDaemon(true);
          return thread;
        });
  }

  @Bean
  ApplicationListener<ApplicationReadyEvent> startInferenceFeePoller(
      InferenceProperties settings,
      FeeSettlements settlements,
      ScheduledExecutorService inferenceFeePoller) {
    return event -> {
      if (!settings.enabled()) {
        return;
      }
      long every = settings.settlementPollInterval().toMillis();
      inferenceFeePoller.scheduleWithFixedDelay(
          () -> {
            try {
              settlements.reconcile();
            } catch (RuntimeException e) {
              log.warn("inference fee lookup failed, tried again later: {}", e.getMessage());
            }
          },
          every,
          every,
          TimeUnit.MILLISECONDS);
    };
  }
}
