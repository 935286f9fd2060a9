package social.gm2.lazai.crypto;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * CFB-128 decryption with a zero IV, as SEIPD v1 packets use it. Decrypting CFB needs the cipher
 * only on ciphertext that is already known — plaintext block i is ciphertext block i XOR
 * E(ciphertext block i−1) — so a whole buffer goes through AES in ECB mode in one call, which the
 * JDK runs on the processor's AES instructions several blocks at a time instead of one block after
 * another.
 */
final class CfbDecryptingStream extends FilterInputStream {
  private static final int BLOCK = 16;
  private static final int CHUNK = 64 * 1024;

  private final Cipher ecb;
  private final byte[] ciphertext = new byte[CHUNK];
  private final byte[] feedback = new byte[CHUNK];
  private final byte[] keystream = new byte[CHUNK];
  private final byte[] previous = new byte[BLOCK];
  private final byte[] pending = new byte[CHUNK];
  private int pendingStart;
  private int pendingEnd;
  private boolean eof;

  CfbDecryptingStream(InputStream in, byte[] key) throws GeneralSecurityException {
    super(in);
    ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pendingStart == pendingEnd && !fill()) {
      return -1;
    }
    int n = Math.min(len, pendingEnd - pendingStart);
    System.arraycopy(pending, pendingStart, b, off, n);
    pendingStart += n;
    return n;
  }

  @Override
  public int available() {
    return pendingEnd - pendingStart;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Decrypts the next whole blocks, or the final partial block at the end of the input. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.readNBytes(ciphertext, 0, CHUNK);
    if (n < CHUNK) {
      eof = true;
    }
    if (n == 0) {
      return false;
    }
    int blocks = (n + BLOCK - 1) / BLOCK;
    System.arraycopy(previous, 0, feedback, 0, BLOCK);
    System.arraycopy(ciphertext, 0, feedback, BLOCK, (blocks - 1) * BLOCK);
    try {
      ecb.update(feedback, 0, blocks * BLOCK, keystream, 0);
    } catch (ShortBufferException e) {
      throw new IllegalStateException("keystream buffer holds a whole chunk", e);
    }
    for (int i = 0; i < n; i++) {
      pending[i] = (byte) (ciphertext[i] ^ keystream[i]);
    }
    if (n >= BLOCK) {
      System.arraycopy(ciphertext, n - BLOCK, previous, 0, BLOCK);
    }
    pendingStart = 0;
    pendingEnd = n;
    return true;
  }
}
