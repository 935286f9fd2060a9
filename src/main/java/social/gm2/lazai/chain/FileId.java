package social.gm2.lazai.chain;

import java.math.BigInteger;

/** A file's id in the DataRegistry: 1, 2, 3, … (0 means "no such file" on chain). */
public record FileId(BigInteger value) {
  public FileId {
    if (value == null || value.signum() <= 0) {
      throw new IllegalArgumentException("a file id is a positive integer, got " + value);
    }
  }

  public static FileId of(long value) {
    return new FileId(BigInteger.valueOf(value));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
