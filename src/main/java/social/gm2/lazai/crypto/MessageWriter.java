package social.gm2.lazai.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes the one message layout alith's {@code encrypt} (openpgp.js) writes, byte for byte in
 * structure (lazai-protocol §5.1): a version-4 SKESK whose iterated+salted SHA-256 S2K key wraps a
 * random AES-256 session key, then a SEIPD v1 packet that holds, under AES-256-CFB with a zero IV,
 * the random prefix, one binary literal packet without a file name, and the SHA-1 MDC. All lengths
 * are definite, so the whole message is written in one pass through fixed buffers.
 */
final class MessageWriter {
  static final int S2K_COUNT_BYTE = 0xE0;
  private static final int AES_256 = 9;
  private static final int SHA_256 = 8;
  private static final int ITERATED_SALTED = 3;
  private static final int BLOCK = 16;
  private static final int MDC_LENGTH = 22;
  private static final int BUFFER = 64 * 1024;

  private final SecureRandom random;

  MessageWriter(SecureRandom random) {
    this.random = random;
  }

  /** Header and body of the literal packet that holds {@code length} bytes (RFC 4880 §4.2.2). */
  static long literalPacketLength(long length) {
    long body = length + 6; // format, file name length (0), date (4)
    return headerLength(body) + body;
  }

  void write(
      InputStream plaintext, long length, long dateSeconds, OutputStream message, String password)
      throws IOException, GeneralSecurityException {
    long seipdBody = 1 + BLOCK + 2 + literalPacketLength(length) + MDC_LENGTH;
    if (seipdBody > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("OpenPGP definite lengths stop at 4 GiB");
    }
    byte[] sessionKey = randomBytes(32);
    message.write(skesk(sessionKey, password));
    message.write(header(18, seipdBody));
    message.write(1); // SEIPD version

    Cipher cfb = Cipher.getInstance("AES/CFB/NoPadding");
    cfb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"), zeroIv());
    MessageDigest mdc = MessageDigest.getInstance("SHA-1");
    Sealer sealer = new Sealer(cfb, mdc, message);
    sealer.write(prefix());
    sealer.write(header(11, length + 6));
    sealer.write(literalHeader(dateSeconds));
    copy(plaintext, length, sealer);
    sealer.write(new byte[] {(byte) 0xD3, 0x14});
    sealer.finish(mdc.digest());
  }

  /** Symmetric-key encrypted session key packet: S2K parameters and the wrapped session key. */
  private byte[] skesk(byte[] sessionKey, String password) throws GeneralSecurityException {
    byte[] salt = randomBytes(8);
    byte[] kek = S2k.derive("SHA-256", salt, S2k.count(S2K_COUNT_BYTE), password, 32);
    Cipher wrap = Cipher.getInstance("AES/CFB/NoPadding");
    wrap.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"), zeroIv());
    byte[] esk = wrap.doFinal(ByteBuffer.allocate(33).put((byte) AES_256).put(sessionKey).array());
    return ByteBuffer.allocate(48)
        .put((byte) 0xC3)
        .put((byte) 46)
        .put(new byte[] {4, AES_256, ITERATED_SALTED, SHA_256})
        .put(salt)
        .put((byte) S2K_COUNT_BYTE)
        .put(esk)
        .array();
  }

  /** Random block whose last two bytes repeat, letting a reader spot a wrong key at once. */
  private byte[] prefix() {
    byte[] prefix = new byte[BLOCK + 2];
    random.nextBytes(prefix);
    prefix[BLOCK] = prefix[BLOCK - 2];
    prefix[BLOCK + 1] = prefix[BLOCK - 1];
    return prefix;
  }

  private static byte[] literalHeader(long dateSeconds) {
    return ByteBuffer.allocate(6).put((byte) 'b').put((byte) 0).putInt((int) dateSeconds).array();
  }

  private static void copy(InputStream in, long length, OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IllegalArgumentException(
            "the plaintext stream ended " + left + " bytes before the " + length + " announced");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  /** New-format packet header (RFC 4880 §4.2.2) for a body of {@code length} bytes. */
  static byte[] header(int tag, long length) {
    ByteBuffer header = ByteBuffer.allocate(headerLength(length));
    header.put((byte) (0xC0 | tag));
    if (length < 192) {
      header.put((byte) length);
    } else if (length < 8384) {
      header.put((byte) (((length - 192) >> 8) + 192)).put((byte) (length - 192));
    } else {
      header.put((byte) 0xFF).putInt((int) length);
    }
    return header.array();
  }

  private static int headerLength(long body) {
    return body < 192 ? 2 : body < 8384 ? 3 : 6;
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private static IvParameterSpec zeroIv() {
    return new IvParameterSpec(new byte[BLOCK]);
  }

  /** Hashes what it is given into the MDC and writes it encrypted. */
  private static final class Sealer extends OutputStream {
    private final Cipher cipher;
    private final MessageDigest mdc;
    private final OutputStream out;
    private byte[] sealed = new byte[BUFFER + BLOCK];

    Sealer(Cipher cipher, MessageDigest mdc, OutputStream out) {
      this.cipher = cipher;
      this.mdc = mdc;
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      mdc.update(b, off, len);
      if (sealed.length < cipher.getOutputSize(len)) {
        sealed = new byte[cipher.getOutputSize(len)];
      }
      try {
        out.write(sealed, 0, cipher.update(b, off, len, sealed));
      } catch (javax.crypto.ShortBufferException e) {
        throw new IllegalStateException("output buffer sized by the cipher itself", e);
      }
    }

    /** Encrypts the MDC itself (which is not part of its own hash) and the buffered tail. */
    void finish(byte[] digest) throws IOException, GeneralSecurityException {
      byte[] tail = cipher.doFinal(digest);
      out.write(tail);
    }
  }
}
