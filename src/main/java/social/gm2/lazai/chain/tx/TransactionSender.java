package social.gm2.lazai.chain.tx;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import social.gm2.lazai.chain.ChainProperties;
import social.gm2.lazai.chain.ReceiptTimeoutException;
import social.gm2.lazai.chain.TransactionRevertedException;
import social.gm2.lazai.signer.SignedTransaction;
import social.gm2.lazai.signer.Signer;
import social.gm2.lazai.signer.TransactionRequest;

/**
 * Sends the service wallet's transactions so that several instances can share the wallet and any of
 * them can crash at any point: nonces come from a row lock in the database; each transaction is
 * stored with its signed bytes before it is broadcast; waiting means polling the receipts of every
 * stored attempt, re-broadcasting the same bytes, and replacing a stuck attempt with one that pays
 * {@code fee-bump-percent} more, up to a cap. Sending an intent whose key is already stored waits
 * for that transaction instead of sending another. Every transaction is signed by the {@link
 * Signer} (plain key, keystore or remote signer) inside the database transaction that takes its
 * nonce: a signer that fails leaves no nonce taken and nothing stored. The receipt's gas used and
 * effective gas price are stored with the transaction when it is seen mined (or reverted).
 */
public final class TransactionSender {
  private static final Logger log = LoggerFactory.getLogger(TransactionSender.class);

  private final SenderRpc rpc;
  private final Signer signer;
  private final String wallet;
  private final long chainId;
  private final TxStore store;
  private final TransactionTemplate database;
  private final ChainProperties.Transactions settings;
  private final Clock clock;
  private final Semaphore pending;

  /** The last row {@link #reconcile} looked at for a missing cost (one thread runs it). */
  private volatile long costCursor;

  /** A sender for the wallet of {@code signer}, on the chain behind {@code web3}. */
  public static TransactionSender create(
      org.web3j.protocol.Web3j web3,
      String endpoint,
      Signer signer,
      long chainId,
      org.springframework.jdbc.core.JdbcTemplate jdbc,
      TransactionTemplate database,
      ChainProperties.Transactions settings,
      Clock clock) {
    return new TransactionSender(
        new SenderRpc(web3, endpoint),
        signer,
        chainId,
        new TxStore(jdbc),
        database,
        settings,
        clock);
  }

  TransactionSender(
      SenderRpc rpc,
      Signer signer,
      long chainId,
      TxStore store,
      TransactionTemplate database,
      ChainProperties.Transactions settings,
      Clock clock) {
    this.rpc = rpc;
    this.signer = signer;
    this.wallet = signer.address().toLowerCase(Locale.ROOT);
    this.chainId = chainId;
    this.store = store;
    this.database = database;
    this.settings = settings;
    this.clock = clock;
    this.pending = new Semaphore(settings.maxPending(), true);
  }

  public String wallet() {
    return wallet;
  }

  /**
   * Mines {@code intent} once and returns its receipt after the configured confirmations.
   *
   * @throws TransactionRevertedException if it reverts (or would, by its gas estimate)
   * @throws ReceiptTimeoutException if it is not mined in time; it stays stored and pending
   * @throws IllegalStateException when interrupted while waiting for one of the wallet's {@code
   *     max-pending} slots or for the receipt (the interrupt is kept: never a failure of the mint)
   */
  public TransactionReceipt send(TxIntent intent) {
    try {
      pending.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(
          "interrupted while waiting for one of the wallet's "
              + settings.maxPending()
              + " pending transaction slots (lazai.chain.transactions.max-pending)",
          e);
    }
    try {
      return sendHoldingSlot(intent);
    } finally {
      pending.release();
    }
  }

  private TransactionReceipt sendHoldingSlot(TxIntent intent) {
    Optional<StoredTx> stored = intent.key() == null ? Optional.empty() : store.byKey(intent.key());
    if (stored.isPresent()) {
      log.info(
          "tx intent={} already stored nonce={}; waiting for it",
          intent.key(),
          stored.get().nonce());
      return await(stored.get());
    }
    return await(create(intent));
  }

  /** Re-broadcasts every pending transaction of this wallet, as after a restart. */
  public List<Long> resumePending() {
    List<StoredTx> pending = store.pending(wallet);
    settleOrBroadcast(pending);
    if (!pending.isEmpty()) {
      log.info("tx resumed {} pending transactions of wallet={}", pending.size(), wallet);
    }
    return pending.stream().map(StoredTx::nonce).toList();
  }

  /**
   * Settles what no sender waits for any more, as a waiting sender would: a transaction whose last
   * attempt was sent more than {@code receipt-timeout} ago is finished when one of its attempts was
   * mined, else broadcast again; a confirmed transaction recorded without its cost gets it from its
   * receipt ({@value #COST_PAGE} rows a round, each round the next page). Safe beside live senders
   * on any instance: each write is the one they would make.
   *
   * @return how many stored transactions it finished or completed
   */
  public int reconcile() {
    Instant cutoff = clock.instant().minus(settings.receiptTimeout());
    int mined =
        settleOrBroadcast(
            store.pending(wallet).stream()
                .filter(tx -> tx.latest().sentAt().isBefore(cutoff))
                .toList());
    int costed = 0;
    List<StoredTx> uncosted = store.withoutCost(wallet, costCursor, COST_PAGE);
    for (StoredTx tx : uncosted) {
      Optional<TransactionReceipt> receipt = rpc.receipt(tx.minedHash());
      if (receipt.isPresent()) {
        store.finish(tx.id(), tx.state(), Mined.of(receipt.get(), tx));
        costed++;
      }
    }
    // The next page next time; rows whose receipt the node no longer has are tried again only
    // after a pass over the rest.
    costCursor = uncosted.isEmpty() ? 0 : uncosted.get(uncosted.size() - 1).id();
    if (mined + costed > 0) {
      log.info(
          "tx reconciled wallet={}: {} mined while no sender waited, {} costs read from receipts",
          wallet,
          mined,
          costed);
    }
    return mined + costed;
  }

  /**
   * Finishes each transaction one of whose attempts was mined with enough confirmations, leaves one
   * mined too recently for a later round, and re-broadcasts the others.
   */
  private int settleOrBroadcast(List<StoredTx> pending) {
    int finished = 0;
    for (StoredTx tx : pending) {
      Optional<TransactionReceipt> receipt = minedAttempt(tx);
      if (receipt.isPresent() && !confirmed(receipt.get())) {
        continue;
      }
      if (receipt.isPresent()) {
        StoredTx.State state =
            receipt.get().isStatusOK() ? StoredTx.State.MINED : StoredTx.State.REVERTED;
        store.finish(tx.id(), state, Mined.of(receipt.get(), tx));
        finished++;
      } else {
        broadcast(tx.latest());
      }
    }
    return finished;
  }

  private StoredTx create(TxIntent intent) {
    BigInteger estimate = rpc.estimateGas(wallet, intent);
    BigInteger gasLimit =
        estimate.multiply(BigInteger.valueOf(settings.gasLimitPercent())).divide(HUNDRED);
    BigInteger gasPrice = rpc.gasPrice().min(settings.maxGasPriceWei());
    long chainNonce = rpc.nonce(wallet, DefaultBlockParameterName.PENDING);
    store.ensureWallet(wallet, chainNonce);
    StoredTx tx;
    try {
      tx =
          database.execute(
              status -> {
                long nonce = store.allocateNonce(wallet, chainNonce);
                long id = store.insert(wallet, nonce, intent, gasLimit);
                store.addAttempt(id, sign(nonce, intent, gasLimit, gasPrice));
                return store.byId(id);
              });
    } catch (DuplicateKeyException e) {
      log.info("tx intent={} was stored by another sender; waiting for it", intent.key());
      return store.byKey(intent.key()).orElseThrow(() -> e);
    }
    log.info(
        "tx stored purpose=\"{}\" nonce={} hash={}",
        intent.purpose(),
        tx.nonce(),
        tx.latest().hash());
    broadcast(tx.latest());
    return tx;
  }

  private TransactionReceipt await(StoredTx tx) {
    Instant deadline = clock.instant().plus(settings.receiptTimeout());
    StoredTx current = tx;
    int polls = 0;
    while (true) {
      Optional<TransactionReceipt> receipt = minedAttempt(current);
      if (receipt.isPresent()) {
        return settle(current, receipt.get(), deadline);
      }
      if (current.state() == StoredTx.State.DROPPED || nonceUsedElsewhere(current)) {
        return resend(current);
      }
      if (clock.instant().isAfter(deadline)) {
        throw new ReceiptTimeoutException(
            "tx nonce="
                + current.nonce()
                + " ("
                + current.intent().purpose()
                + ") not mined within "
                + settings.receiptTimeout()
                + "; it stays stored and is waited for on the next send",
            current.latest().hash());
      }
      if (Duration.between(current.latest().sentAt(), clock.instant())
              .compareTo(settings.stuckAfter())
          > 0) {
        current = bump(current);
      } else if (++polls % REBROADCAST_EVERY == 0) {
        // A node may have refused or dropped it (Hardhat refuses a nonce ahead of the chain while
        // automining; mempools evict): the same signed bytes again are harmless.
        broadcast(current.latest());
      }
      pause();
    }
  }

  private Optional<TransactionReceipt> minedAttempt(StoredTx tx) {
    for (int i = tx.attempts().size() - 1; i >= 0; i--) {
      Optional<TransactionReceipt> receipt = rpc.receipt(tx.attempts().get(i).hash());
      if (receipt.isPresent()) {
        return receipt;
      }
    }
    return Optional.empty();
  }

  /**
   * The chain moved past our nonce, and none of our attempts is what it mined. The nonce is the
   * stored transaction's wallet's: an intent stored by another wallet of a sender pool is waited
   * for on that wallet's nonces.
   */
  private boolean nonceUsedElsewhere(StoredTx tx) {
    return rpc.nonce(tx.wallet(), DefaultBlockParameterName.LATEST) > tx.nonce()
        && minedAttempt(tx).isEmpty();
  }

  private TransactionReceipt resend(StoredTx tx) {
    log.warn(
        "tx nonce={} was used by another transaction of wallet={}; sending the intent again",
        tx.nonce(),
        tx.wallet());
    store.drop(tx.id());
    return send(tx.intent());
  }

  private TransactionReceipt settle(StoredTx tx, TransactionReceipt receipt, Instant deadline) {
    long block = receipt.getBlockNumber().longValueExact();
    while (!confirmed(receipt)) {
      if (clock.instant().isAfter(deadline)) {
        throw new ReceiptTimeoutException(
            "tx " + receipt.getTransactionHash() + " mined but not confirmed in time",
            receipt.getTransactionHash());
      }
      pause();
    }
    if (receipt.isStatusOK()) {
      store.finish(tx.id(), StoredTx.State.MINED, Mined.of(receipt, tx));
      log.info(
          "tx mined purpose=\"{}\" nonce={} hash={} block={}",
          tx.intent().purpose(),
          tx.nonce(),
          receipt.getTransactionHash(),
          block);
      return receipt;
    }
    String reason = rpc.revertData(tx.wallet(), tx, block);
    store.finish(tx.id(), StoredTx.State.REVERTED, Mined.of(receipt, tx));
    throw new TransactionRevertedException(
        tx.intent().purpose() + " reverted in tx " + receipt.getTransactionHash(),
        receipt.getTransactionHash(),
        reason);
  }

  /**
   * Replaces a stuck attempt with the same transaction at a higher gas price, up to the cap. Only
   * the wallet that signed it can replace it: another wallet's transaction (an intent stored by
   * another wallet of a sender pool) is re-broadcast as it is, and its own sender bumps it.
   */
  private StoredTx bump(StoredTx tx) {
    if (!tx.wallet().equals(wallet)) {
      broadcast(tx.latest());
      return tx;
    }
    BigInteger old = tx.latest().gasPrice();
    BigInteger raised =
        new BigDecimal(old)
            .multiply(BigDecimal.ONE.add(settings.feeBumpPercent().movePointLeft(2)))
            .setScale(0, RoundingMode.CEILING)
            .toBigIntegerExact()
            .add(BigInteger.ONE)
            .max(rpc.gasPrice());
    if (old.compareTo(settings.maxGasPriceWei()) >= 0) {
      log.warn("tx nonce={} stuck at the gas price cap {} wei; re-broadcasting", tx.nonce(), old);
      broadcast(tx.latest());
      return tx;
    }
    BigInteger price = raised.min(settings.maxGasPriceWei());
    StoredTx.Attempt attempt = sign(tx.nonce(), tx.intent(), tx.gasLimit(), price);
    store.addAttempt(tx.id(), attempt);
    log.warn(
        "tx nonce={} stuck; replaced at gas price {} wei hash={}",
        tx.nonce(),
        price,
        attempt.hash());
    broadcast(attempt);
    return store.byId(tx.id());
  }

  private StoredTx.Attempt sign(
      long nonce, TxIntent intent, BigInteger gasLimit, BigInteger gasPrice) {
    SignedTransaction signed =
        signer.signTransaction(
            TransactionRequest.legacy(
                chainId, nonce, gasPrice, gasLimit, intent.to(), intent.value(), intent.data()));
    return new StoredTx.Attempt(signed.hash(), signed.raw(), gasPrice, clock.instant());
  }

  /** Broadcasts signed bytes; every refusal is left to {@link #await} to resolve. */
  private void broadcast(StoredTx.Attempt attempt) {
    try {
      rpc.sendRaw(attempt.raw()).ifPresent(refusal -> logRefusal(attempt, refusal));
    } catch (RuntimeException e) {
      log.warn("tx broadcast hash={} failed, will retry: {}", attempt.hash(), e.getMessage());
    }
  }

  private static void logRefusal(StoredTx.Attempt attempt, String refusal) {
    String text = refusal.toLowerCase(Locale.ROOT);
    boolean harmless =
        text.contains("already known")
            || text.contains("known transaction")
            || text.contains("already imported")
            || text.contains("nonce too low")
            || text.contains("nonce too high")
            || text.contains("underpriced")
            || text.contains("fee too low");
    if (harmless) {
      log.debug("tx broadcast hash={} answered: {}", attempt.hash(), refusal);
    } else {
      log.error("tx broadcast hash={} refused, will retry: {}", attempt.hash(), refusal);
    }
  }

  private boolean confirmed(TransactionReceipt receipt) {
    return rpc.head() - receipt.getBlockNumber().longValueExact() + 1 >= settings.confirmations();
  }

  private void pause() {
    try {
      Thread.sleep(settings.pollInterval().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a receipt", e);
    }
  }

  private static final BigInteger HUNDRED = BigInteger.valueOf(100);
  private static final int REBROADCAST_EVERY = 10;
  private static final int COST_PAGE = 100;
}
