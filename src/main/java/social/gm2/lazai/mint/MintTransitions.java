package social.gm2.lazai.mint;

import static social.gm2.lazai.mint.MintState.ACCEPTED;
import static social.gm2.lazai.mint.MintState.ATTESTED;
import static social.gm2.lazai.mint.MintState.ENCRYPTED;
import static social.gm2.lazai.mint.MintState.FAILED;
import static social.gm2.lazai.mint.MintState.PROOF_REQUESTED;
import static social.gm2.lazai.mint.MintState.PROOF_SUBMITTED;
import static social.gm2.lazai.mint.MintState.REGISTERED;
import static social.gm2.lazai.mint.MintState.REWARDED;
import static social.gm2.lazai.mint.MintState.UPLOADED;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of the moves a mint may make: from a state (or from nothing, for a new row) to
 * another, each with the reason such a move happens. {@link MintStore}, the only writer of a mint's
 * state, refuses any move that is not here.
 */
public final class MintTransitions {
  private static final Map<Optional<MintState>, Map<MintState, String>> ALLOWED = declare();

  private MintTransitions() {}

  private static Map<Optional<MintState>, Map<MintState, String>> declare() {
    Map<Optional<MintState>, Map<MintState, String>> t = new LinkedHashMap<>();
    allow(t, null, ACCEPTED, "submitted: the request is valid");
    allow(t, ACCEPTED, ENCRYPTED, "the data is encrypted; its ciphertext is stored");
    allow(t, ENCRYPTED, UPLOADED, "the ciphertext is stored under its CID");
    allow(t, UPLOADED, REGISTERED, "the file URL is registered on the DataRegistry");
    allow(t, REGISTERED, PROOF_REQUESTED, "a proof job is open for the file");
    allow(t, PROOF_REQUESTED, PROOF_REQUESTED, "the job was overdue: another job is requested");
    allow(t, PROOF_REQUESTED, PROOF_SUBMITTED, "the node completed the job and added its proof");
    allow(t, PROOF_SUBMITTED, REWARDED, "the reward is claimed: the DAT is minted");
    allow(t, REWARDED, ATTESTED, "the job's JobComplete log is verified");
    allow(t, ATTESTED, REWARDED, "the attestation was revoked: its log is gone (a reorg)");
    allow(t, null, REWARDED, "imported: the original service minted the token");
    allow(t, null, ATTESTED, "imported: the original service minted and attested the token");
    for (MintState state : MintState.except(MintState.SETTLED)) {
      allow(t, state, FAILED, "a permanent failure: a human must look at it");
    }
    for (MintState state : new MintState[] {ENCRYPTED, UPLOADED, REGISTERED, PROOF_REQUESTED}) {
      allow(t, FAILED, state, "retried from the state it failed in");
    }
    allow(t, FAILED, PROOF_SUBMITTED, "retried from the state it failed in");
    t.replaceAll((from, to) -> Collections.unmodifiableMap(to));
    return Collections.unmodifiableMap(t);
  }

  private static void allow(
      Map<Optional<MintState>, Map<MintState, String>> t,
      MintState from,
      MintState to,
      String reason) {
    t.computeIfAbsent(Optional.ofNullable(from), k -> new EnumMap<>(MintState.class))
        .put(to, reason);
  }

  /** Whether a mint in {@code from} (null: no mint yet) may move to {@code to}. */
  public static boolean allowed(MintState from, MintState to) {
    return ALLOWED.getOrDefault(Optional.ofNullable(from), Map.of()).containsKey(to);
  }

  /**
   * Why a mint moves from {@code from} to {@code to}.
   *
   * @throws IllegalMintTransitionException if the table has no such move
   */
  public static String reason(MintState from, MintState to) {
    String reason = ALLOWED.getOrDefault(Optional.ofNullable(from), Map.of()).get(to);
    if (reason == null) {
      throw new IllegalMintTransitionException(from, to);
    }
    return reason;
  }

  /** The whole table, for documentation and tests: from (empty: a new mint) → to → reason. */
  public static Map<Optional<MintState>, Map<MintState, String>> all() {
    return ALLOWED;
  }

  /** A move the table does not allow: a bug, or a caller acting on a stale read. */
  public static final class IllegalMintTransitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    IllegalMintTransitionException(MintState from, MintState to) {
      super("a mint may not move from " + (from == null ? "nothing" : from) + " to " + to);
    }
  }
}
