package social.gm2.lazai.chain;

import java.math.BigInteger;

/**
 * A verified-computing node as {@code VerifiedComputing.getNode} returns it.
 *
 * @param url where its {@code POST /proof} endpoint lives
 * @param publicKey its RSA key (PKCS#1 PEM) that file passwords are wrapped for
 * @param amount fees it has earned in all
 * @param jobsCount jobs assigned to it and not yet completed
 */
public record NodeInfo(
    String address,
    String url,
    Status status,
    BigInteger amount,
    BigInteger jobsCount,
    String publicKey) {

  /** The contract's {@code NodeStatus}, in its order. */
  public enum Status {
    NONE,
    ACTIVE,
    REMOVED
  }
}
