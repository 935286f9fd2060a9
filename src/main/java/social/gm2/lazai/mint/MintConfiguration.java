package social.gm2.lazai.mint;

import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.NodeUrlPolicy;
import social.gm2.lazai.crypto.PasswordCipher;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.storage.ContentStore;

/** The pipeline and its steps, in their order. */
@Configuration(proxyBeanMethods = false)
class MintConfiguration {

  @Bean
  MintRepository mintRepository(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
    return new MintRepository(jdbc, transactions, clock);
  }

  @Bean
  PasswordCipher passwordCipher(Clock clock) {
    return new PasswordCipher(clock, new SecureRandom());
  }

  @Bean
  MintService mintService(
      MintRepository mints,
      MintProperties properties,
      Signer wallet,
      PasswordCipher cipher,
      ContentStore store,
      @Lazy LazaiChain chain,
      NodeUrlPolicy nodeUrls,
      Clock clock,
      MeterRegistry meters) {
    ProofNodeClient nodes =
        new ProofNodeClient(properties.nodeConnectTimeout(), properties.nodeReadTimeout());
    List<MintStep> steps =
        List.of(
            new UploadStep(store, mints),
            new RegisterStep(chain, mints),
            new RequestProofStep(chain, mints),
            new SubmitProofStep(
                chain,
                mints,
                wallet,
                nodeUrls,
                nodes,
                properties.wrapScheme(),
                new ProofDeadline(chain, mints, clock, properties, meters)),
            new RewardStep(chain, mints, properties.legacyAttestedAtReward()));
    return new MintService(mints, properties, wallet, cipher, clock, steps);
  }

  @Bean
  MintSweeper mintSweeper(
      MintService service, MintRepository mints, Clock clock, MintProperties properties) {
    return new MintSweeper(service, mints, clock, properties);
  }
}
