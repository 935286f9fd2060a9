package social.gm2.lazai.mint;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a token's mint stands. Each state names the last effect that is known to exist, so the step
 * that follows it knows what it still has to do; a step first checks whether its own effect already
 * exists (in the row or on chain) and only then performs it. The moves between states are declared
 * in {@link MintTransitions}.
 */
public enum MintState {
  /** Submitted and validated; nothing done yet. */
  ACCEPTED,
  /** The data is encrypted; the ciphertext is stored with the mint, the plaintext nowhere. */
  ENCRYPTED,
  /** The ciphertext is stored under its CID; the URL is known. */
  UPLOADED,
  /** The URL is registered on the DataRegistry; the file id is known. */
  REGISTERED,
  /** A verified-computing job is open for the file; the job id and node are known. */
  PROOF_REQUESTED,
  /** The node completed the job and added its proof; the proof index is known. */
  PROOF_SUBMITTED,
  /** The reward is claimed and the DAT minted. */
  REWARDED,
  /** The node's JobComplete log is verified (set by attestation tracking). */
  ATTESTED,
  /** Stopped for a reason a human must look at; see the mint's last error. */
  FAILED;

  /** The states in which the pipeline has nothing more to do. */
  public static final Set<MintState> SETTLED = EnumSet.of(REWARDED, ATTESTED, FAILED);

  /** The states whose mint is minted: its DAT exists. */
  public static final Set<MintState> MINTED = EnumSet.of(REWARDED, ATTESTED);

  /** Whether the pipeline has nothing more to do for a mint in this state. */
  public boolean settled() {
    return SETTLED.contains(this);
  }

  /** The states not in {@code states}. */
  public static Set<MintState> except(Set<MintState> states) {
    return EnumSet.complementOf(EnumSet.copyOf(states));
  }

  /** {@code states} as a SQL list of string literals, e.g. {@code ('REWARDED', 'ATTESTED')}. */
  public static String sql(Set<MintState> states) {
    return Arrays.stream(values())
        .filter(states::contains)
        .map(s -> "'" + s.name() + "'")
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
