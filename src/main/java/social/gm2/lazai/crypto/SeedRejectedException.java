package social.gm2.lazai.crypto;

/**
 * The seed cannot be signed because web3.js refuses it: it looks like hex to web3.js (so it would
 * be signed as bytes) but does not decode, e.g. {@code 0xabc} (odd number of digits) or {@code
 * -0x01} (negative). The original service would have crashed on it, so no compatible password
 * exists.
 */
public class SeedRejectedException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** What is wrong, as a predicate ("is hex with …"), so configuration can name the setting. */
  private final String problem;

  public SeedRejectedException(String problem) {
    super("the seed " + problem);
    this.problem = problem;
  }

  /** The message without its subject, e.g. {@code "is hex with an odd number of digits, …"}. */
  public String problem() {
    return problem;
  }
}
