package social.gm2.lazai.mint;

/**
 * One step of the pipeline: takes a mint from the state it handles to the next through {@link
 * MintStore}, first checking whether its effect already exists (in the row or on chain) so that
 * running it twice is harmless. Failures are {@link MintStepException}s or the adapters' own
 * classified exceptions.
 */
public interface MintStep {
  /** The state this step starts from. */
  MintState from();

  Mint run(Mint mint);
}
