package social.gm2.lazai.chain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import social.gm2.lazai.chain.FakeTransactions.Log;
import social.gm2.lazai.chain.FakeTransactions.Receipt;
import social.gm2.lazai.chain.FakeTransactions.Tx;

/**
 * The canonical blocks of {@link FakeLedger}: each with its receipts, logs numbered across the
 * block, and the contract state it left, so that dropping blocks brings their state back. Not
 * thread-safe: the ledger's lock guards it.
 */
final class FakeBlocks {
  private record Block(
      long number, String hash, long timestamp, List<Receipt> receipts, FakeContracts state) {}

  private final String registry;
  private final String token;
  private final String verifiedComputing;
  private final List<Block> blocks = new ArrayList<>();
  private final Map<String, Receipt> receipts = new HashMap<>();

  FakeBlocks(FakeContracts genesis, long timestamp, String registry, String token, String vc) {
    this.registry = registry;
    this.token = token;
    this.verifiedComputing = vc;
    String hash = FakeTransactions.hash("genesis", registry, vc);
    blocks.add(new Block(0, hash, timestamp, List.of(), genesis.copy()));
  }

  long head() {
    return blocks.size() - 1L;
  }

  Optional<String> hash(long number) {
    return number >= 0 && number < blocks.size()
        ? Optional.of(blocks.get((int) number).hash())
        : Optional.empty();
  }

  Optional<Receipt> receipt(String txHash) {
    return Optional.ofNullable(receipts.get(txHash));
  }

  /** The logs of blocks {@code from..to} (clamped to the chain) that match. */
  List<Log> logs(long from, long to, Predicate<Log> filter) {
    List<Log> found = new ArrayList<>();
    for (long n = Math.max(0, from); n <= Math.min(to, head()); n++) {
      for (Receipt r : blocks.get((int) n).receipts()) {
        r.logs().stream().filter(filter).forEach(found::add);
      }
    }
    return found;
  }

  /**
   * Mines the next block: runs {@code txs} in order on {@code state} (a revert leaves it as it was
   * and is mined with status 0) at a timestamp after the parent's.
   */
  void mine(List<Tx> txs, FakeContracts state, long now, long salt) {
    Block parent = blocks.get(blocks.size() - 1);
    long number = parent.number() + 1;
    long timestamp = Math.max(now, parent.timestamp() + 1);
    String hash =
        FakeTransactions.hash("block", parent.hash(), Long.toString(number), Long.toString(salt));
    List<Receipt> mined = new ArrayList<>();
    int logIndex = 0;
    for (Tx tx : txs) {
      Receipt receipt;
      try {
        List<Log> logs = new ArrayList<>();
        for (FakeEvent event : tx.call().run(state, tx, timestamp)) {
          String emitter = FakeEvent.emitter(event, registry, token, verifiedComputing);
          logs.add(new Log(emitter, event, tx.hash(), logIndex++, number, hash));
        }
        receipt = new Receipt(tx, true, "0x", List.copyOf(logs), number, hash);
      } catch (FakeContracts.Revert e) {
        receipt = new Receipt(tx, false, e.data, List.of(), number, hash);
      }
      mined.add(receipt);
      receipts.put(tx.hash(), receipt);
    }
    blocks.add(new Block(number, hash, timestamp, List.copyOf(mined), state.copy()));
  }

  /** Drops the blocks above {@code number}; the state block {@code number} left, to go on from. */
  FakeContracts dropAbove(long number) {
    if (number < 0 || number > head()) {
      throw new IllegalArgumentException(
          "block " + number + " is not on the chain (head " + head() + ")");
    }
    while (head() > number) {
      blocks.remove(blocks.size() - 1).receipts().forEach(r -> receipts.remove(r.tx().hash()));
    }
    return blocks.get((int) number).state().copy();
  }
}
