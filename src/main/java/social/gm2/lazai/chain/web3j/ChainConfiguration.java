package social.gm2.lazai.chain.web3j;

import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.InferenceChain;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.chain.TransactionCosts;
import social.gm2.lazai.chain.tx.SenderPool;
import social.gm2.lazai.chain.tx.TxCostQueries;
import social.gm2.lazai.config.Periodic;
import social.gm2.lazai.config.Setting;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.signer.SignerProperties;
import social.gm2.lazai.signer.factory.SignerFactory;

/**
 * The chain beans. The contracts are bound on first use, not at startup, so that the service starts
 * (and reports the chain DOWN) while the RPC endpoint is unreachable.
 */
@Configuration(proxyBeanMethods = false)
class ChainConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ChainConfiguration.class);

  @Bean(destroyMethod = "shutdown")
  Web3j web3j(ChainProperties properties, ObjectProvider<ObservationRegistry> observations) {
    OkHttpClient http =
        RpcHttp.client(
            RpcHttp.MAX_ANSWER,
            RpcHttp.CALL_TIMEOUT,
            observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    return Web3j.build(new HttpService(properties.rpcUrl(), http));
  }

  /**
   * The service wallet (plain key, keystore or remote signer), opened once at startup: a wrong
   * setting, password or address stops the service here.
   */
  @Bean
  Signer serviceSigner(SignerProperties signer, ChainProperties chain, Environment environment) {
    return SignerFactory.create(
        signer,
        chain.privateKey(),
        environment.getProperty("lazai.app-env"),
        environment::getProperty);
  }

  /**
   * One transaction sender per sending wallet: the service wallet, then each {@code
   * lazai.signer.pool[i]}, opened at startup like the service wallet.
   */
  @Bean
  SenderPool senderPool(
      Web3j web3,
      Signer signer,
      SignerProperties signers,
      ChainProperties properties,
      Environment environment,
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      Clock clock) {
    return SenderPool.create(
        web3,
        properties.rpcUrl(),
        SignerFactory.pool(
            signers, signer, environment.getProperty("lazai.app-env"), environment::getProperty),
        properties.chainId(),
        jdbc,
        transactions,
        properties.transactions(),
        clock);
  }

  @Bean
  @Lazy
  LazaiChain lazaiChain(Web3j web3, SenderPool senders, ChainProperties properties) {
    return Web3jLazaiChain.connect(
        web3,
        senders,
        properties.dataRegistryAddress(),
        properties.verifiedComputingAddress(),
        properties.rpcUrl(),
        properties.deploymentBlock());
  }

  /** What the service's confirmed transactions cost, as their receipts were recorded. */
  @Bean
  TransactionCosts transactionCosts(JdbcTemplate jdbc) {
    return new TxCostQueries(jdbc);
  }

  /**
   * The Inference and Settlement contracts, bound on first use (only when {@code
   * lazai.inference.enabled}, whose settings are validated at startup by the inference feature),
   * paid by the service wallet.
   */
  @Bean
  @Lazy
  InferenceChain inferenceChain(
      Web3j web3, SenderPool senders, ChainProperties properties, Environment environment) {
    return Web3jInferenceChain.connect(
        web3,
        senders.main(),
        Setting.property("lazai.inference.inference-address")
            .address(environment.getProperty("lazai.inference.inference-address")),
        Setting.property("lazai.inference.settlement-address")
            .address(environment.getProperty("lazai.inference.settlement-address")),
        properties.rpcUrl());
  }

  /** Transactions a previous run stored but may not have broadcast are sent again at startup. */
  @Bean
  ApplicationListener<ApplicationReadyEvent> resumePendingTransactions(SenderPool sender) {
    return event -> {
      try {
        sender.resumePending();
      } catch (RuntimeException e) {
        log.warn("tx could not resume pending transactions yet: {}", e.getMessage());
      }
    };
  }

  /**
   * Every {@code receipt-timeout}, on every instance: transactions no sender waits for any more
   * finished from their receipts (or broadcast again), and missing costs read from receipts ({@link
   * SenderPool#reconcile}; the writes are a waiting sender's, so instances may overlap).
   */
  @Bean
  Periodic txReconciler(SenderPool senders, ChainProperties properties) {
    Duration every = properties.transactions().receiptTimeout();
    return new Periodic("tx-reconciler", every, every, senders::reconcile);
  }

  @Bean
  NodeUrlPolicy nodeUrlPolicy(ChainProperties properties) {
    return new NodeUrlPolicy(properties.allowedNodeNetworks());
  }

  @Bean
  HealthIndicator chain(Web3j web3, ChainProperties properties, Clock clock) {
    return new ChainHealthIndicator(web3, properties, clock);
  }
}
