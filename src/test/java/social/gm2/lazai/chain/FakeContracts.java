package social.gm2.lazai.chain;

import java.math.BigInteger;
import java.util.Locale;

/**
 * The devnet's contracts as {@link FakeLazaiChain} deploys them: a {@link FakeDataRegistry} (with
 * its DAT) wired to a {@link FakeVerifiedComputing}, as the real registry calls {@code isNode}.
 * Functions check everything before they change anything, so a {@link Revert} leaves the state as
 * it was, as a reverted transaction does. Not modelled: balances (fees are recorded, never
 * transferred), roles (the maintainer's functions are the fake's controls), pausing, {@code claim}
 * and the bytes of proof signatures (a proof records the account that signed it, which is what
 * {@code ECDSA.recover} would give).
 */
final class FakeContracts {
  static final String ZERO_ADDRESS = "0x" + "0".repeat(40);

  /** A contract refused the call; {@code data} is the revert data (selector and arguments). */
  static final class Revert extends Exception {
    private static final long serialVersionUID = 1L;

    final String data;

    Revert(String data) {
      super(data);
      this.data = data;
    }

    static Revert of(ContractError error) {
      return new Revert("0x" + error.selector());
    }
  }

  private final FakeVerifiedComputing verifiedComputing;
  private final FakeDataRegistry registry;

  FakeContracts(String registryAddress, BigInteger nodeFee) {
    this.verifiedComputing = new FakeVerifiedComputing(nodeFee);
    this.registry = new FakeDataRegistry(registryAddress, verifiedComputing);
  }

  private FakeContracts(FakeVerifiedComputing verifiedComputing, FakeDataRegistry registry) {
    this.verifiedComputing = verifiedComputing;
    this.registry = registry;
  }

  /** The state as it is now, to keep with a block. */
  FakeContracts copy() {
    FakeVerifiedComputing vc = verifiedComputing.copy();
    return new FakeContracts(vc, registry.copy(vc));
  }

  FakeDataRegistry registry() {
    return registry;
  }

  FakeVerifiedComputing verifiedComputing() {
    return verifiedComputing;
  }

  static String word(long value) {
    return String.format(Locale.ROOT, "%064x", value);
  }

  static String lower(String address) {
    return address == null ? null : address.toLowerCase(Locale.ROOT);
  }
}
