package social.gm2.lazai.inference;

/**
 * A chat completion that cannot be answered, with the reason a caller can act on. {@link #kind}
 * says whose side the trouble is on; the API turns it into a problem answer.
 */
public class InferenceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the completion failed. */
  public enum Kind {
    /** Inference is turned off, or no node is registered or active. */
    UNAVAILABLE,
    /** The node account is below the minimum and cannot be topped up from the Settlement user. */
    ACCOUNT_DRY,
    /** The node refused the request's data (its 400, e.g. "Data query failed"). */
    NODE_REFUSED_DATA,
    /** The node refused the settlement headers (its 401) or failed (its 5xx, bad answers). */
    NODE_FAILED,
    /** The node could not be reached or did not answer in time. */
    NODE_UNREACHABLE
  }

  private final Kind kind;
  private final int nodeStatus;
  private final boolean nodeDown;

  public InferenceException(Kind kind, String message) {
    this(kind, message, 0, null);
  }

  public InferenceException(Kind kind, String message, int nodeStatus, Throwable cause) {
    this(kind, message, nodeStatus, cause, false);
  }

  private InferenceException(
      Kind kind, String message, int nodeStatus, Throwable cause, boolean nodeDown) {
    super(message, cause);
    this.kind = kind;
    this.nodeStatus = nodeStatus;
    this.nodeDown = nodeDown;
  }

  /**
   * The node is down: it could not be connected to, or it failed with a 5xx (the reference node
   * settles its fee only for a 200; a fee settled anyway is still looked for). Another active node
   * may answer instead.
   */
  static InferenceException nodeDown(Kind kind, String message, int nodeStatus, Throwable cause) {
    return new InferenceException(kind, message, nodeStatus, cause, true);
  }

  /** The same failure, its message followed by {@code more} (the nodes tried before it). */
  InferenceException withMore(String more) {
    return new InferenceException(kind, getMessage() + more, nodeStatus, getCause(), nodeDown);
  }

  /** Whether another node may answer what this one could not; see {@link #nodeDown}. */
  public boolean isNodeDown() {
    return nodeDown;
  }

  public Kind kind() {
    return kind;
  }

  /** The node's HTTP status, or 0 when the node gave none. */
  public int nodeStatus() {
    return nodeStatus;
  }
}
