package social.gm2.lazai.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.RpcUnavailableException;
import social.gm2.lazai.support.Await;
import social.gm2.lazai.support.HardhatNode;
import social.gm2.lazai.support.RpcProxy;
import social.gm2.lazai.support.TestServices;

/** The durable sender on a real Hardhat chain and the real MariaDB. */
@org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class TransactionSenderIT {
  private static final long CHAIN_ID = 133_718;
  private static final String RECIPIENT = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
  private static HardhatNode chain;
  private static String database;
  private static HikariDataSource dataSource;
  private static Web3j web3;

  private Credentials wallet;
  private JdbcTemplate jdbc;

  @BeforeAll
  static void start() throws Exception {
    chain = HardhatNode.start();
    web3 = Web3j.build(new HttpService(chain.url()));
    database = TestServices.createDatabase();
    dataSource = TestServices.migratedDataSource(database);
  }

  @AfterAll
  static void stop() {
    if (web3 != null) {
      web3.shutdown();
    }
    if (dataSource != null) {
      dataSource.close();
    }
    if (chain != null) {
      chain.close();
    }
    TestServices.dropDatabase(database);
  }

  @BeforeEach
  void freshWallet() throws Exception {
    // Each test spends from its own account, so nonces start at 0 for each: Hardhat's #1..#7,
    // then fresh keys given a balance.
    int index = ++walletIndexCounter;
    if (index < HardhatNode.KEYS.size()) {
      wallet = Credentials.create(HardhatNode.KEYS.get(index));
    } else {
      byte[] key = new byte[32];
      new java.security.SecureRandom().nextBytes(key);
      wallet = Credentials.create("0x" + java.util.HexFormat.of().formatHex(key));
      chain.rpc("hardhat_setBalance", "\"" + wallet.getAddress() + "\"", "\"0x56BC75E2D63100000\"");
    }
    jdbc = new JdbcTemplate(dataSource);
    chain.rpc("evm_setAutomine", "true");
    chain.rpc("evm_setIntervalMining", "0");
  }

  private static int walletIndexCounter;

  @Test
  void twoHundredSendsFromFourThreadsOfTwoInstancesMineWithoutGapOrDuplicate() throws Exception {
    chain.intervalMining(100);
    List<TransactionSender> instances =
        List.of(sender(settings(Duration.ofMinutes(2))), sender(settings(Duration.ofMinutes(2))));
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<TransactionReceipt>> sends = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      TransactionSender instance = instances.get(i % 2);
      TxIntent intent = transfer("load-" + i);
      sends.add(threads.submit(() -> instance.send(intent)));
    }
    List<TransactionReceipt> receipts = new ArrayList<>();
    for (Future<TransactionReceipt> send : sends) {
      receipts.add(send.get());
    }
    threads.shutdown();

    assertThat(receipts).allMatch(TransactionReceipt::isStatusOK);
    assertThat(
            receipts.stream()
                .map(TransactionReceipt::getTransactionHash)
                .collect(Collectors.toSet()))
        .hasSize(200);
    assertThat(chainNonce()).as("the chain saw exactly 200 transactions").isEqualTo(200);
    assertThat(storedNonces()).containsExactlyElementsOf(range(200));
  }

  /**
   * A transaction the node lost, and one behind it that the node refuses meanwhile (Hardhat will
   * not queue a nonce ahead of the chain while automining): waiting re-broadcasts both, so they
   * mine without anyone raising a fee.
   */
  @Test
  void lostAndRefusedTransactionsAreBroadcastAgainWhileWaiting() throws Exception {
    chain.rpc("evm_setAutomine", "false");
    TxIntent lost = transfer("lost");
    assertThatThrownBy(() -> sender(settings(Duration.ofMillis(300))).send(lost))
        .hasMessageContaining("not mined within");
    for (String hash :
        jdbc.queryForList(
            "SELECT hash FROM chain_tx_attempt a JOIN chain_tx t ON t.id = a.tx_id WHERE t.wallet = ?",
            String.class,
            address())) {
      chain.rpc("hardhat_dropTransaction", "\"" + hash + "\"");
    }
    chain.rpc("evm_setAutomine", "true");

    TransactionSender sender = sender(settings(Duration.ofSeconds(30)));
    CompletableFuture<TransactionReceipt> behind =
        CompletableFuture.supplyAsync(() -> sender.send(transfer("behind")));
    TransactionReceipt first = sender.send(lost);

    assertThat(first.isStatusOK()).isTrue();
    assertThat(behind.get(30, java.util.concurrent.TimeUnit.SECONDS).isStatusOK()).isTrue();
    assertThat(chainNonce()).isEqualTo(2);
    assertThat(attempts("behind")).as("no fee bump was needed").hasSize(1);
  }

  /**
   * Shutdown interrupts steps that wait for receipts: the interrupt ends the wait with a failure
   * that may pass (never a permanent one, which would fail the mint), keeps the thread's interrupt
   * flag, and the same intent sent again later is the same transaction, mined once.
   */
  @Test
  void anInterruptWhileWaitingForAReceiptIsRetryableAndSendsNothingTwice() throws Exception {
    chain.rpc("evm_setAutomine", "false");
    TransactionSender sender = sender(settings(Duration.ofMinutes(1)));
    TxIntent intent = transfer("interrupted");
    java.util.concurrent.atomic.AtomicReference<RuntimeException> thrown =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean flagKept =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread waiting =
        new Thread(
            () -> {
              try {
                sender.send(intent);
              } catch (RuntimeException e) {
                thrown.set(e);
                flagKept.set(Thread.currentThread().isInterrupted());
              }
            });
    waiting.start();
    Await.until(Duration.ofSeconds(20), () -> attempts("interrupted").size(), n -> n >= 1);
    Thread.sleep(200);

    waiting.interrupt();
    waiting.join(20_000);

    assertThat(waiting.isAlive()).isFalse();
    assertThat(thrown.get()).as("the wait ended with a failure").isNotNull();
    assertThat(social.gm2.lazai.mint.MintStepException.isRetryable(thrown.get()))
        .as("an interrupt is retryable: %s", thrown.get().toString())
        .isTrue();
    assertThat(flagKept).isTrue();
    chain.rpc("evm_setAutomine", "true");
    chain.rpc("evm_mine");
    TransactionReceipt receipt = sender(settings(Duration.ofSeconds(30))).send(intent);
    assertThat(receipt.isStatusOK()).isTrue();
    assertThat(chainNonce()).as("sent once").isEqualTo(1);
    assertThat(attempts("interrupted")).hasSize(1);
  }

  @Test
  void aRestartMidFlightLosesNothingAndSendsNothingTwice() throws Exception {
    chain.rpc("evm_setAutomine", "false");
    TransactionSender before = sender(settings(Duration.ofMillis(600)));
    List<TxIntent> intents = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      intents.add(transfer("restart-" + i));
    }
    for (TxIntent intent : intents) {
      assertThatThrownBy(() -> before.send(intent)).hasMessageContaining("not mined within");
    }
    // The node loses its mempool, as if it restarted too; only our database remembers.
    for (String hash :
        jdbc.queryForList(
            "SELECT hash FROM chain_tx_attempt a JOIN chain_tx t ON t.id = a.tx_id WHERE t.wallet = ?",
            String.class,
            address())) {
      chain.rpc("hardhat_dropTransaction", "\"" + hash + "\"");
    }

    TransactionSender after = sender(settings(Duration.ofMinutes(1)));
    assertThat(after.resumePending()).containsExactlyElementsOf(range(10));
    chain.intervalMining(100);
    List<TransactionReceipt> receipts = new ArrayList<>();
    for (TxIntent intent : intents) {
      receipts.add(after.send(intent));
    }

    assertThat(receipts).allMatch(TransactionReceipt::isStatusOK);
    assertThat(chainNonce()).isEqualTo(10);
    assertThat(storedNonces()).containsExactlyElementsOf(range(10));
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM chain_tx WHERE wallet = ? AND state = 'MINED'",
                Integer.class,
                address()))
        .isEqualTo(10);
  }

  @Test
  void theReconcilerRecordsWhatWasMinedWhileNoSenderWaitedAndCostsMissingFromOlderRows()
      throws Exception {
    sender(settings(Duration.ofMillis(600))).send(transfer("older"));
    jdbc.update(
        "UPDATE chain_tx SET gas_used = NULL, effective_gas_price = NULL WHERE intent_key = ?",
        "older@" + address());
    chain.rpc("evm_setAutomine", "false");
    TransactionSender sender =
        sender(
            new ChainProperties.Transactions(
                2,
                Duration.ofMillis(600),
                Duration.ofMillis(50),
                Duration.ofMinutes(5),
                null,
                null,
                null,
                null));
    assertThatThrownBy(() -> sender.send(transfer("orphan")))
        .hasMessageContaining("not mined within");
    chain.rpc("evm_mine");

    assertThat(sender.reconcile()).as("the older row's cost only").isEqualTo(1);
    assertThat(row("orphan").get("state")).as("mined, not yet confirmed").isEqualTo("PENDING");
    chain.rpc("evm_mine");
    assertThat(sender.reconcile()).as("the orphan, now confirmed twice").isEqualTo(1);

    for (String name : List.of("older", "orphan")) {
      Map<String, Object> row = row(name);
      assertThat(row.get("state")).as(name).isEqualTo("MINED");
      assertThat(((Number) row.get("gas_used")).longValue()).as(name).isEqualTo(21_000);
      assertThat(new BigInteger(row.get("effective_gas_price").toString())).as(name).isPositive();
    }
    assertThat(sender.reconcile()).as("nothing left to do").isZero();
  }

  private Map<String, Object> row(String name) {
    return jdbc.queryForMap(
        "SELECT state, gas_used, effective_gas_price FROM chain_tx WHERE intent_key = ?",
        name + "@" + address());
  }

  @Test
  void aStuckTransactionIsReplacedAtAHigherGasPrice() throws Exception {
    chain.rpc("evm_setAutomine", "false");
    ChainProperties.Transactions quick =
        new ChainProperties.Transactions(
            1,
            Duration.ofMinutes(1),
            Duration.ofMillis(50),
            Duration.ofMillis(300),
            null,
            null,
            null,
            null);
    TransactionSender sender = sender(quick);
    CompletableFuture<TransactionReceipt> sending =
        CompletableFuture.supplyAsync(() -> sender.send(transfer("stuck")));
    Await.until(Duration.ofSeconds(20), () -> attempts("stuck").size(), n -> n >= 3);
    chain.rpc("evm_mine");

    TransactionReceipt receipt = sending.get();
    List<BigInteger> prices = attempts("stuck");
    assertThat(receipt.isStatusOK()).isTrue();
    for (int i = 1; i < prices.size(); i++) {
      assertThat(new java.math.BigDecimal(prices.get(i)))
          .isGreaterThanOrEqualTo(
              new java.math.BigDecimal(prices.get(i - 1))
                  .multiply(new java.math.BigDecimal("1.125")));
    }
    assertThat(receipt.getTransactionHash())
        .isNotEqualTo(
            jdbc.queryForObject(
                "SELECT a.hash FROM chain_tx_attempt a JOIN chain_tx t ON t.id = a.tx_id WHERE t.intent_key = ? ORDER BY a.id LIMIT 1",
                String.class,
                "stuck@" + address()));
    assertThat(chainNonce()).isEqualTo(1);
    // Its cost is recorded from the receipt: the gas price of the replacement that was mined.
    var recorded =
        jdbc.queryForMap(
            "SELECT gas_used, effective_gas_price FROM chain_tx WHERE intent_key = ?",
            "stuck@" + address());
    BigInteger effective = org.web3j.utils.Numeric.decodeQuantity(receipt.getEffectiveGasPrice());
    assertThat(new BigInteger(recorded.get("gas_used").toString())).isEqualTo(receipt.getGasUsed());
    assertThat(new BigInteger(recorded.get("effective_gas_price").toString()))
        .isEqualTo(effective)
        .isGreaterThan(prices.get(0));
  }

  @Test
  void anUnreachableEndpointIsNamedAndRetryable() {
    Web3j nowhere = Web3j.build(new HttpService("http://127.0.0.1:9"));
    TransactionSender sender =
        TransactionSender.create(
            nowhere,
            "http://127.0.0.1:9",
            signer(),
            CHAIN_ID,
            jdbc,
            transactions(),
            settings(Duration.ofSeconds(5)),
            Clock.systemUTC());

    assertThatThrownBy(() -> sender.send(transfer("nowhere")))
        .isInstanceOf(RpcUnavailableException.class)
        .hasMessageContaining("http://127.0.0.1:9")
        .satisfies(e -> assertThat(((RpcUnavailableException) e).retryable()).isTrue());
    nowhere.shutdown();
  }

  /** A provider that answers HTTP 503 (web3j throws its ClientConnectionException for that). */
  @Test
  void anEndpointAnsweringAnHttpErrorIsRetryable() throws Exception {
    try (RpcProxy proxy = RpcProxy.start(chain.url()).down(true)) {
      Web3j unavailable = Web3j.build(new HttpService(proxy.url()));
      TransactionSender sender =
          TransactionSender.create(
              unavailable,
              proxy.url(),
              signer(),
              CHAIN_ID,
              jdbc,
              transactions(),
              settings(Duration.ofSeconds(5)),
              Clock.systemUTC());

      assertThatThrownBy(() -> sender.send(transfer("unavailable")))
          .isInstanceOf(RpcUnavailableException.class)
          .hasMessageContaining(proxy.url())
          .hasMessageContaining("503")
          .satisfies(e -> assertThat(((RpcUnavailableException) e).retryable()).isTrue());
      unavailable.shutdown();
    }
  }

  /** A provider that answers every call with a JSON-RPC error, as a rate-limited one does. */
  @Test
  void anErroringEndpointIsRetryableAndNotMistakenForARevert() throws Exception {
    var server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"limit exceeded\"}}"
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    Web3j limited = Web3j.build(new HttpService(url));
    try {
      TransactionSender sender =
          TransactionSender.create(
              limited,
              url,
              signer(),
              CHAIN_ID,
              jdbc,
              transactions(),
              settings(Duration.ofSeconds(5)),
              Clock.systemUTC());

      assertThatThrownBy(() -> sender.send(transfer("limited")))
          .isInstanceOf(RpcUnavailableException.class)
          .hasMessageContaining(url)
          .hasMessageContaining("limit exceeded");
    } finally {
      limited.shutdown();
      server.stop(0);
    }
  }

  /**
   * A sender pool of two wallets: each has its own nonce stream (concurrent sends from both mine
   * with nonces 0.. on each), and an intent stored by one wallet (say, before the pool changed) is
   * waited for by the other wallet's sender, never sent again from it.
   */
  @Test
  void aPoolsWalletsKeepTheirOwnNoncesAndAnIntentStoredByOneIsNotSentByAnother() throws Exception {
    byte[] key = new byte[32];
    new java.security.SecureRandom().nextBytes(key);
    var other =
        social.gm2.lazai.support.TestSenders.signer("0x" + java.util.HexFormat.of().formatHex(key));
    String otherAddress = other.address().toLowerCase();
    chain.rpc("hardhat_setBalance", "\"" + otherAddress + "\"", "\"0x56BC75E2D63100000\"");
    SenderPool pool =
        SenderPool.create(
            web3,
            chain.url(),
            List.of(signer(), other),
            CHAIN_ID,
            jdbc,
            transactions(),
            settings(Duration.ofMinutes(1)),
            Clock.systemUTC());
    assertThat(pool.wallets()).containsExactly(address(), otherAddress);
    assertThatThrownBy(() -> pool.sender("0x" + "ab".repeat(20)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not in the sender pool");

    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<TransactionReceipt>> sends = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      TransactionSender sender = pool.sender(pool.wallets().get(i % 2));
      TxIntent intent = transfer("pool-" + i + "-" + sender.wallet());
      sends.add(threads.submit(() -> sender.send(intent)));
    }
    for (Future<TransactionReceipt> send : sends) {
      assertThat(send.get().isStatusOK()).isTrue();
    }
    threads.shutdown();
    assertThat(chainNonce()).isEqualTo(5);
    assertThat(storedNonces()).containsExactlyElementsOf(range(5));
    assertThat(nonceOf(otherAddress)).isEqualTo(5);
    assertThat(
            jdbc.queryForList(
                "SELECT nonce FROM chain_tx WHERE wallet = ? ORDER BY nonce",
                Long.class,
                otherAddress))
        .containsExactlyElementsOf(range(5));

    chain.rpc("evm_setAutomine", "false");
    TxIntent stored = transfer("stored by the first wallet");
    assertThatThrownBy(() -> sender(settings(Duration.ofMillis(300))).send(stored))
        .hasMessageContaining("not mined within");
    var waiting = CompletableFuture.supplyAsync(() -> pool.sender(otherAddress).send(stored));
    chain.rpc("evm_mine");
    TransactionReceipt receipt = waiting.get(60, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(receipt.getFrom()).isEqualTo(address());
    assertThat(chainNonce()).isEqualTo(6);
    assertThat(nonceOf(otherAddress)).as("the other wallet sent nothing").isEqualTo(5);
  }

  private static long nonceOf(String address) throws Exception {
    return web3.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount()
        .longValueExact();
  }

  private TransactionSender sender(ChainProperties.Transactions settings) {
    return TransactionSender.create(
        web3, chain.url(), signer(), CHAIN_ID, jdbc, transactions(), settings, Clock.systemUTC());
  }

  private social.gm2.lazai.signer.Signer signer() {
    return social.gm2.lazai.support.TestSenders.signer(
        org.web3j.utils.Numeric.toHexStringWithPrefixZeroPadded(
            wallet.getEcKeyPair().getPrivateKey(), 64));
  }

  private TransactionTemplate transactions() {
    return new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  private static ChainProperties.Transactions settings(Duration receiptTimeout) {
    return new ChainProperties.Transactions(
        1, receiptTimeout, Duration.ofMillis(50), Duration.ofMinutes(5), null, null, null, null);
  }

  private TxIntent transfer(String key) {
    return new TxIntent(
        key + "@" + address(), "test transfer " + key, RECIPIENT, BigInteger.ONE, null);
  }

  private String address() {
    return wallet.getAddress().toLowerCase();
  }

  private long chainNonce() throws Exception {
    return web3.ethGetTransactionCount(wallet.getAddress(), DefaultBlockParameterName.LATEST)
        .send()
        .getTransactionCount()
        .longValueExact();
  }

  private List<Long> storedNonces() {
    return jdbc.queryForList(
        "SELECT nonce FROM chain_tx WHERE wallet = ? AND state = 'MINED' ORDER BY nonce",
        Long.class,
        address());
  }

  private List<BigInteger> attempts(String key) {
    return jdbc
        .queryForList(
            "SELECT a.gas_price FROM chain_tx_attempt a JOIN chain_tx t ON t.id = a.tx_id WHERE t.intent_key = ? ORDER BY a.id",
            java.math.BigDecimal.class,
            key + "@" + address())
        .stream()
        .map(java.math.BigDecimal::toBigIntegerExact)
        .toList();
  }

  private static List<Long> range(int n) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }
}
