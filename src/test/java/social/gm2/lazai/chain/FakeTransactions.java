package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Transactions, receipts and logs of {@link FakeLedger}. */
final class FakeTransactions {
  private FakeTransactions() {}

  /** What a transaction does to the contracts; it throws before it changes anything. */
  @FunctionalInterface
  interface Call {
    List<FakeEvent> run(FakeContracts state, Tx tx, long timestamp) throws FakeContracts.Revert;
  }

  record Tx(String hash, String from, String purpose, BigInteger value, Call call) {}

  record Log(
      String emitter, FakeEvent event, String txHash, int logIndex, long block, String blockHash) {}

  record Receipt(
      Tx tx, boolean ok, String revertData, List<Log> logs, long block, String blockHash) {}

  /** A 32-byte hash, 0x-prefixed, of the parts (for transaction and block hashes). */
  static String hash(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return "0x" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
