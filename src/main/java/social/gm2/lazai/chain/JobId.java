package social.gm2.lazai.chain;

import java.math.BigInteger;

/** A proof job's id in the VerifiedComputing contract: 1, 2, 3, … */
public record JobId(BigInteger value) {
  public JobId {
    if (value == null || value.signum() <= 0) {
      throw new IllegalArgumentException("a job id is a positive integer, got " + value);
    }
  }

  public static JobId of(long value) {
    return new JobId(BigInteger.valueOf(value));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
