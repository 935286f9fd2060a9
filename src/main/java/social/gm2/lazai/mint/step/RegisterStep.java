package social.gm2.lazai.mint.step;

import java.util.Locale;
import social.gm2.lazai.chain.ChainTx;
import social.gm2.lazai.chain.FileRecord;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.Registration;
import social.gm2.lazai.mint.FilePermissions;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStep;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.mint.MintStore;

/**
 * UPLOADED → REGISTERED: the file's URL on the DataRegistry, registered (and so owned) by the
 * sending wallet {@link MintWallet#pick} gives the mint, which is recorded on it. That wallet, the
 * file's owner, then grants the DataRegistry the file's permission ({@link FilePermissions}, under
 * the mint's own intent key, so a retry after a crash waits for the grant already sent); the mint
 * becomes REGISTERED with both transactions recorded.
 */
final class RegisterStep implements MintStep {
  private final LazaiChain chain;
  private final MintStore mints;
  private final FilePermissions permissions;

  RegisterStep(LazaiChain chain, MintStore mints, FilePermissions permissions) {
    this.chain = chain;
    this.mints = mints;
    this.permissions = permissions;
  }

  @Override
  public MintState from() {
    return MintState.UPLOADED;
  }

  @Override
  public Mint run(Mint mint) {
    LazaiChain wallet = chain.as(MintWallet.pick(chain, mint));
    // addFile answers with the file already registered under this URL, if any.
    Registration registration = wallet.addFile(mint.intent("addFile"), mint.url(), "");
    FileRecord file = registration.file();
    String owner = file.owner().toLowerCase(Locale.ROOT);
    if (!chain.wallets().contains(owner)) {
      throw MintStepException.permanent(
          "the file URL "
              + mint.url()
              + " is registered as file "
              + file.id()
              + " by "
              + file.owner()
              + ", not by this service's "
              + (chain.wallets().size() == 1
                  ? "wallet " + chain.wallets().get(0)
                  : "wallets " + chain.wallets()));
    }
    String permission =
        permissions.grantAtRegistration(mint, file.id(), owner).map(ChainTx::hash).orElse(null);
    // The owner, not the wallet picked: an earlier attempt under a different pool may have sent it.
    return mints.registered(mint, file.id().value(), registration.tx().hash(), owner, permission);
  }
}
