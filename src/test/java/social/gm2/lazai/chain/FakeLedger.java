package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import social.gm2.lazai.chain.FakeTransactions.Call;
import social.gm2.lazai.chain.FakeTransactions.Log;
import social.gm2.lazai.chain.FakeTransactions.Receipt;
import social.gm2.lazai.chain.FakeTransactions.Tx;

/**
 * The chain under {@link FakeLazaiChain}, as Hardhat runs it: transactions wait in a pool and are
 * mined into blocks (one block per transaction with automine, or when {@link #mine()} is called),
 * every block keeps the contract state it left, and {@link #reorgTo} drops the blocks above a
 * number as {@code evm_revert} does. A sent transaction is first estimated on the pending state, as
 * Hardhat estimates (a revert there sends nothing), and may still revert when mined (then it is
 * mined with status 0). One lock guards everything; writers wait for their receipt on a condition,
 * with a deadline.
 */
final class FakeLedger {
  final String registry;
  final String verifiedComputing;
  final String token;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition mined = lock.newCondition();
  private final Clock clock;
  private final FakeBlocks blocks;
  private final List<Tx> pool = new ArrayList<>();
  private final Map<String, Tx> intents = new HashMap<>();
  private final Map<String, Integer> sent = new HashMap<>();
  private FakeContracts state;
  private boolean automine = true;
  private long counter;
  final FakeFaults faults = new FakeFaults();

  FakeLedger(Clock clock, String registry, String verifiedComputing, String token) {
    this.clock = clock;
    this.registry = registry;
    this.verifiedComputing = verifiedComputing;
    this.token = token;
    this.state = new FakeContracts(registry, BigInteger.valueOf(100));
    this.blocks =
        new FakeBlocks(state, clock.instant().getEpochSecond(), registry, token, verifiedComputing);
  }

  // ------------------------------------------------------------------------------------- reads

  <T> T read(Function<FakeContracts, T> view) {
    return locked(() -> view.apply(state));
  }

  long head() {
    return locked(blocks::head);
  }

  Optional<String> blockHash(long number) {
    return locked(() -> blocks.hash(number));
  }

  /** The canonical logs of blocks {@code from..to} (clamped to the chain) that match. */
  List<Log> logs(long from, long to, Predicate<Log> filter) {
    return locked(() -> blocks.logs(from, to, filter));
  }

  /** The canonical receipt of a transaction, if it is mined on the chain as it is now. */
  Optional<Receipt> receipt(String txHash) {
    return locked(() -> blocks.receipt(txHash));
  }

  /** How many transactions {@code from} has sent (a transaction mined again counts once). */
  int sentBy(String from) {
    return locked(() -> sent.getOrDefault(from, 0));
  }

  int pending() {
    return locked(pool::size);
  }

  // ------------------------------------------------------------------------------------ writes

  /**
   * Sends a transaction and waits for its receipt. A key already used means its transaction: it is
   * waited for again (and put back into the pool if a reorg dropped it), never sent anew.
   *
   * @param fromPort whether the service's adapter sends it, so that the fault controls apply
   * @throws ContractRevertException when it reverts at its estimate (nothing sent) or when mined
   * @throws ReceiptTimeoutException when it is not mined within {@code timeout}; it stays pending
   */
  Receipt send(
      String key,
      String from,
      String purpose,
      BigInteger value,
      Call call,
      Duration timeout,
      boolean fromPort) {
    lock.lock();
    try {
      Tx tx = key == null ? null : intents.get(key);
      if (tx == null) {
        tx = create(from, purpose, value, call, fromPort);
        if (key != null) {
          intents.put(key, tx);
        }
      } else if (blocks.receipt(tx.hash()).isEmpty() && !pool.contains(tx)) {
        pool.add(tx); // the same signed transaction again, as the sender re-broadcasts it
      }
      if (automine && !pool.isEmpty()) {
        mineLocked();
      }
      Receipt receipt = await(tx, timeout);
      if (!receipt.ok()) {
        throw new ContractRevertException(
            purpose,
            new TransactionRevertedException(
                purpose + " reverted in tx " + tx.hash(), tx.hash(), receipt.revertData()));
      }
      return receipt;
    } finally {
      lock.unlock();
    }
  }

  private Tx create(String from, String purpose, BigInteger value, Call call, boolean fromPort) {
    ContractError injected = fromPort ? faults.takeWriteRevert() : null;
    Tx tx =
        new Tx(
            FakeTransactions.hash("tx", from, purpose, Long.toString(++counter)),
            from,
            purpose,
            value,
            call);
    try {
      if (injected != null) {
        throw FakeContracts.Revert.of(injected);
      }
      call.run(pendingState(), tx, clock.instant().getEpochSecond());
    } catch (FakeContracts.Revert e) {
      throw new ContractRevertException(
          purpose,
          new TransactionRevertedException(
              purpose + " would revert: execution reverted", null, e.data));
    }
    sent.merge(from, 1, Integer::sum);
    pool.add(tx);
    return tx;
  }

  /** The state the next block would leave: Hardhat (EDR) estimates gas on the pending block. */
  private FakeContracts pendingState() {
    FakeContracts pending = state.copy();
    long time = clock.instant().getEpochSecond();
    for (Tx queued : pool) {
      try {
        queued.call().run(pending, queued, time);
      } catch (FakeContracts.Revert e) {
        // it will revert when mined; what follows it sees the state without it
      }
    }
    return pending;
  }

  /**
   * Sends a transaction without estimating it and without waiting, paying more than anything
   * pending, so that the next block mines it first (Hardhat orders its pool by fee).
   */
  String sendAhead(String from, String purpose, Call call) {
    return locked(
        () -> {
          Tx tx =
              new Tx(
                  FakeTransactions.hash("tx", from, purpose, Long.toString(++counter)),
                  from,
                  purpose,
                  BigInteger.ZERO,
                  call);
          sent.merge(from, 1, Integer::sum);
          pool.add(0, tx);
          if (automine) {
            mineLocked();
          }
          return tx.hash();
        });
  }

  private Receipt await(Tx tx, Duration timeout) {
    long left = timeout.toNanos();
    Receipt receipt;
    while ((receipt = blocks.receipt(tx.hash()).orElse(null)) == null) {
      if (left <= 0) {
        throw new ReceiptTimeoutException(
            "tx "
                + tx.hash()
                + " ("
                + tx.purpose()
                + ") not mined within "
                + timeout
                + "; it stays pending and is waited for on the next send of the same intent",
            tx.hash());
      }
      try {
        left = mined.awaitNanos(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a receipt", e);
      }
    }
    return receipt;
  }

  // ---------------------------------------------------------------------------------- controls

  /** As evm_setAutomine: turning it on mines nothing; the next transaction sent mines the pool. */
  void automine(boolean on) {
    locked(() -> automine = on);
  }

  /** Mines one block with every pending transaction, in the order they were sent. */
  void mine() {
    locked(
        () -> {
          mineLocked();
          return null;
        });
  }

  /**
   * Drops every block above {@code number} and their effects, as evm_revert to a snapshot taken at
   * that block does; the pool is emptied (Hardhat restores the pool of the snapshot: the same when
   * it was taken with nothing pending).
   */
  void reorgTo(long number) {
    locked(
        () -> {
          state = blocks.dropAbove(number);
          pool.clear();
          mined.signalAll();
          return null;
        });
  }

  // --------------------------------------------------------------------------------- internals

  private void mineLocked() {
    blocks.mine(pool, state, clock.instant().getEpochSecond(), ++counter);
    pool.clear();
    mined.signalAll();
  }

  private <T> T locked(java.util.function.Supplier<T> action) {
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
