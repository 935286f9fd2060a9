package social.gm2.lazai.signer;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.tx.TxIntent;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.TestServices;
import social.gm2.lazai.support.VectorFiles;
import tools.jackson.databind.JsonNode;

/**
 * What every {@link Signer} adapter must do, run against each (plain key, keystore, remote signer):
 * the key's address; EIP-191 signatures, and so file passwords, byte-identical to the reference
 * vectors (web3.js) for the same key; legacy EIP-155 and EIP-1559 transactions that a real Hardhat
 * node accepts from the wallet; and the durable sender sending through it.
 */
abstract class SignerContract {
  static final long CHAIN_ID = 133_718;
  private static final String RECIPIENT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
  private static HardhatNode chain;
  private final Map<String, Signer> signers = new HashMap<>();

  /** This adapter holding {@code key} (0x + 64 hex digits). */
  protected abstract Signer open(String key) throws Exception;

  @BeforeAll
  static void startChain() throws Exception {
    chain = HardhatNode.start();
  }

  @AfterAll
  static void stopChain() {
    if (chain != null) {
      chain.close();
    }
  }

  private Signer signer(String key) throws Exception {
    Signer signer = signers.get(key);
    if (signer == null) {
      signer = open(key);
      signers.put(key, signer);
    }
    return signer;
  }

  @Test
  void itSignsAsTheKeysAddress() throws Exception {
    for (JsonNode c : VectorFiles.read("password-derivation.json").get("cases")) {
      assertThat(signer(c.get("privateKey").asString()).address())
          .isEqualTo(c.get("address").asString());
    }
  }

  @Test
  void itsPersonalSignaturesAreTheReferencePasswords() throws Exception {
    JsonNode cases = VectorFiles.read("password-derivation.json").get("cases");
    assertThat(cases.size()).isGreaterThanOrEqualTo(16);
    for (JsonNode c : cases) {
      Signer signer = signer(c.get("privateKey").asString());
      String password = c.get("password").asString();
      assertThat(signer.derivePassword(c.get("seed").asString()))
          .as("seed %s", c.get("seed"))
          .isEqualTo(password);
      assertThat(signer.signPersonalMessage(VectorFiles.hex(c.get("messageBytesHex").asString())))
          .isEqualTo(password);
    }
  }

  @Test
  void hardhatAcceptsItsLegacyAndEip1559Transactions() throws Exception {
    Signer signer = signer(HardhatNode.KEYS.get(3));
    long nonce = nonce(signer);
    BigInteger gasPrice = quantity(chain.rpc("eth_gasPrice").get("result"));
    BigInteger baseFee =
        quantity(
            chain
                .rpc("eth_getBlockByNumber", "\"latest\"", "false")
                .path("result")
                .get("baseFeePerGas"));

    SignedTransaction legacy =
        signer.signTransaction(
            TransactionRequest.legacy(
                CHAIN_ID,
                nonce,
                gasPrice,
                BigInteger.valueOf(21_000),
                RECIPIENT,
                BigInteger.TWO,
                null));
    assertMinedFrom(signer, legacy);
    SignedTransaction eip1559 =
        signer.signTransaction(
            TransactionRequest.eip1559(
                CHAIN_ID,
                nonce + 1,
                BigInteger.ONE,
                baseFee.multiply(BigInteger.TWO).add(BigInteger.ONE),
                BigInteger.valueOf(60_000),
                RECIPIENT,
                BigInteger.TEN,
                "0xdeadbeef"));
    assertMinedFrom(signer, eip1559);
    JsonNode mined =
        chain.rpc("eth_getTransactionByHash", "\"" + eip1559.hash() + "\"").get("result");
    assertThat(mined.get("type").asString()).isEqualTo("0x2");
    assertThat(mined.get("input").asString()).isEqualTo("0xdeadbeef");
  }

  @Test
  void theDurableSenderStoresAndSendsWhatItSigns() throws Exception {
    Signer signer = signer(HardhatNode.KEYS.get(4));
    String database = TestServices.createDatabase();
    Web3j web3 = Web3j.build(new HttpService(chain.url()));
    try (HikariDataSource dataSource = TestServices.migratedDataSource(database)) {
      var sender =
          social.gm2.lazai.chain.tx.TransactionSender.create(
              web3,
              chain.url(),
              signer,
              CHAIN_ID,
              new org.springframework.jdbc.core.JdbcTemplate(dataSource),
              new org.springframework.transaction.support.TransactionTemplate(
                  new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource)),
              new social.gm2.lazai.chain.ChainProperties.Transactions(
                  1,
                  Duration.ofMinutes(1),
                  Duration.ofMillis(50),
                  Duration.ofMinutes(5),
                  null,
                  null,
                  null,
                  null),
              java.time.Clock.systemUTC());

      var receipt =
          sender.send(
              new TxIntent(
                  "contract-" + getClass().getSimpleName(),
                  "transfer",
                  RECIPIENT,
                  BigInteger.ONE,
                  null));

      assertThat(receipt.isStatusOK()).isTrue();
      assertThat(receipt.getFrom()).isEqualToIgnoringCase(signer.address());
      var stored =
          new org.springframework.jdbc.core.JdbcTemplate(dataSource)
              .queryForMap("SELECT hash, raw FROM chain_tx_attempt");
      assertThat(stored.get("hash")).isEqualTo(receipt.getTransactionHash());
      assertThat(SignedTransaction.of(VectorFiles.hex((String) stored.get("raw"))).hash())
          .isEqualTo(receipt.getTransactionHash());
    } finally {
      web3.shutdown();
      TestServices.dropDatabase(database);
    }
  }

  private static void assertMinedFrom(Signer signer, SignedTransaction tx) throws Exception {
    JsonNode sent = chain.rpc("eth_sendRawTransaction", "\"" + tx.raw() + "\"");
    assertThat(sent.has("error")).as("Hardhat's answer %s", sent).isFalse();
    assertThat(sent.get("result").asString()).isEqualTo(tx.hash());
    JsonNode receipt =
        Await.until(
            Duration.ofSeconds(30),
            () -> chain.rpc("eth_getTransactionReceipt", "\"" + tx.hash() + "\"").get("result"),
            r -> r != null && !r.isNull());
    assertThat(receipt.get("status").asString()).isEqualTo("0x1");
    assertThat(receipt.get("from").asString()).isEqualToIgnoringCase(signer.address());
  }

  private static long nonce(Signer signer) throws Exception {
    return quantity(
            chain
                .rpc("eth_getTransactionCount", "\"" + signer.address() + "\"", "\"pending\"")
                .get("result"))
        .longValueExact();
  }

  private static BigInteger quantity(JsonNode hex) {
    return new BigInteger(hex.asString().substring(2), 16);
  }
}
