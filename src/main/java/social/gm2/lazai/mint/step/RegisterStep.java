package social.gm2.lazai.mint.step;

import social.gm2.lazai.chain.FileRecord;
import social.gm2.lazai.chain.LazaiChain;
import social.gm2.lazai.chain.Registration;
import social.gm2.lazai.mint.Mint;
import social.gm2.lazai.mint.MintState;
import social.gm2.lazai.mint.MintStep;
import social.gm2.lazai.mint.MintStepException;
import social.gm2.lazai.mint.MintStore;

/** UPLOADED → REGISTERED: the file's URL on the DataRegistry, owned by the service wallet. */
final class RegisterStep implements MintStep {
  private final LazaiChain chain;
  private final MintStore mints;

  RegisterStep(LazaiChain chain, MintStore mints) {
    this.chain = chain;
    this.mints = mints;
  }

  @Override
  public MintState from() {
    return MintState.UPLOADED;
  }

  @Override
  public Mint run(Mint mint) {
    // addFile answers with the file already registered under this URL, if any.
    Registration registration = chain.addFile(mint.intent("addFile"), mint.url(), "");
    FileRecord file = registration.file();
    if (!file.owner().equalsIgnoreCase(chain.wallet())) {
      throw MintStepException.permanent(
          "the file URL "
              + mint.url()
              + " is registered as file "
              + file.id()
              + " by "
              + file.owner()
              + ", not by this service's wallet "
              + chain.wallet());
    }
    return mints.registered(mint, file.id().value(), registration.tx().hash());
  }
}
