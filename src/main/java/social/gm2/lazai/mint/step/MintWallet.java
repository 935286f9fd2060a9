package social.gm2.lazai.mint.step;

import java.util.List;
import java.util.Locale;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintStepException;

/**
 * Which sending wallet writes for a mint. The file is registered by the wallet the mint's id picks
 * ({@code id % pool size}: spread evenly, and the same on every retry), and that wallet, recorded
 * on the mint, sends every later write of the mint: it owns the file, so the DAT is minted to it.
 */
final class MintWallet {
  private MintWallet() {}

  /** The wallet that registers the mint's file. */
  static String pick(LazaiChain chain, Mint mint) {
    List<String> wallets = chain.wallets();
    return wallets.get((int) Math.floorMod(mint.id(), (long) wallets.size()));
  }

  /**
   * The chain as the wallet that registered the mint's file. A mint registered before the pool
   * existed (no wallet recorded) was registered by the service wallet.
   *
   * @throws MintStepException (permanent) if that wallet is no longer configured
   */
  static LazaiChain of(LazaiChain chain, Mint mint) {
    if (mint.wallet() == null) {
      return chain.as(chain.wallets().get(0));
    }
    String wallet = mint.wallet().toLowerCase(Locale.ROOT);
    if (!chain.wallets().contains(wallet)) {
      throw MintStepException.permanent(
          "the mint's file was registered by the wallet "
              + wallet
              + ", which is no longer one of the sending wallets "
              + chain.wallets()
              + ": configure it again (lazai.signer.pool) so that it can send the mint's remaining"
              + " writes, then retry the mint");
    }
    return chain.as(wallet);
  }
}
