package social.gm2.lazai.support;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.protocol.Web3j;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.tx.TransactionSender;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.signer.key.KeySigner;

/** A devnet wallet's {@link TransactionSender}, polling fast, as a test instance of the service. */
public final class TestSenders {
  private TestSenders() {}

  /** The plain-key signer of a test key, as {@code lazai.signer.type=plain} gives. */
  public static Signer signer(String key) {
    return KeySigner.of(key, "test key");
  }

  public static TransactionSender sender(
      Web3j web3, String rpcUrl, String key, DataSource dataSource, Duration receiptTimeout) {
    var settings =
        new ChainProperties.Transactions(
            1,
            receiptTimeout,
            Duration.ofMillis(20),
            Duration.ofMinutes(5),
            null,
            null,
            null,
            null);
    return TransactionSender.create(
        web3,
        rpcUrl,
        signer(key),
        ChainProperties.LAZAI_TESTNET_CHAIN_ID,
        new JdbcTemplate(dataSource),
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
        settings,
        Clock.systemUTC());
  }
}
