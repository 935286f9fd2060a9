package social.gm2.lazai.mint;

/** An action that the mint's current state does not allow, such as retrying a mint that is fine. */
public class MintStateConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final MintState state;

  public MintStateConflictException(String message, MintState state) {
    super(message);
    this.state = state;
  }

  /** The state the mint was in when the action was refused. */
  public MintState state() {
    return state;
  }
}
