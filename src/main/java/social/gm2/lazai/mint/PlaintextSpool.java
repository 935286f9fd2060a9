package social.gm2.lazai.mint;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Uploaded data read from a stream, counted and checked against the size limit, and spooled to a
 * temporary file under a random AES-256-CTR key that exists only in this object: the plaintext is
 * never wholly in memory and never on disk in the clear. The OpenPGP message needs the plaintext's
 * length before its first byte, which a multipart part or a chunked body does not tell; the spool
 * knows it once the stream has ended. {@link #close()} deletes the file (and forgets the key).
 */
public final class PlaintextSpool implements AutoCloseable {
  /** The prefix of every temporary file the uploads write (spools and ciphertexts). */
  public static final String FILE_PREFIX = "lazai-upload-";

  private static final int BUFFER = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private final byte[] key;
  private final byte[] iv;
  private final long length;

  private PlaintextSpool(Path file, byte[] key, byte[] iv, long length) {
    this.file = file;
    this.key = key;
    this.iv = iv;
    this.length = length;
  }

  /**
   * Reads {@code data} to its end.
   *
   * @param field the request field the data came in, for messages
   * @throws InvalidMintRequestException when the stream holds no byte
   * @throws DataTooLargeException as soon as the stream passes {@code maxSize} bytes
   * @throws UploadReadException when the stream cannot be read to its end
   * @throws UncheckedIOException when the spool cannot be written
   */
  public static PlaintextSpool read(InputStream data, long maxSize, String field) {
    byte[] key = new byte[32];
    byte[] iv = new byte[16];
    RANDOM.nextBytes(key);
    RANDOM.nextBytes(iv);
    Path file = null;
    try {
      file = Files.createTempFile(FILE_PREFIX, ".spool");
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, iv);
      long count = 0;
      try (OutputStream out = Files.newOutputStream(file)) {
        byte[] buffer = new byte[BUFFER];
        byte[] sealed = new byte[BUFFER];
        int n;
        while ((n = readFrom(data, buffer, field)) >= 0) {
          count += n;
          if (count > maxSize) {
            throw new DataTooLargeException(field, maxSize);
          }
          int m = cipher.update(buffer, 0, n, sealed);
          out.write(sealed, 0, m);
        }
        java.util.Arrays.fill(buffer, (byte) 0);
      }
      if (count == 0) {
        throw new InvalidMintRequestException(field, "is empty; there is nothing to mint");
      }
      PlaintextSpool spool = new PlaintextSpool(file, key, iv, count);
      file = null;
      return spool;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded data", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES-256-CTR", e);
    } finally {
      if (file != null) {
        delete(file);
      }
    }
  }

  private static int readFrom(InputStream data, byte[] buffer, String field) {
    try {
      return data.read(buffer);
    } catch (IOException e) {
      throw new UploadReadException(field, e);
    }
  }

  /** The spool file (tests look at it). */
  Path file() {
    return file;
  }

  /** How many bytes the data has. */
  public long length() {
    return length;
  }

  /** The data again, decrypted as it is read; the caller closes it. */
  InputStream open() throws IOException {
    try {
      return new Decrypting(
          new BufferedInputStream(Files.newInputStream(file), BUFFER),
          cipher(Cipher.DECRYPT_MODE, key, iv));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES-256-CTR", e);
    }
  }

  @Override
  public void close() {
    java.util.Arrays.fill(key, (byte) 0);
    delete(file);
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the upload spool " + file, e);
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] iv) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
    cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    return cipher;
  }

  /** CTR keeps lengths, so each read decrypts exactly what it read. */
  private static final class Decrypting extends InputStream {
    private final InputStream in;
    private final Cipher cipher;
    private final byte[] sealed = new byte[BUFFER];

    Decrypting(InputStream in, Cipher cipher) {
      this.in = in;
      this.cipher = cipher;
    }

    /** One byte (the spool is read in blocks; this exists for InputStream's contract). */
    @Override
    public int read() throws IOException {
      int sealedByte = in.read();
      if (sealedByte < 0) {
        return -1;
      }
      byte[] clear = cipher.update(new byte[] {(byte) sealedByte});
      return clear[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = in.read(sealed, 0, Math.min(len, sealed.length));
      if (n < 0) {
        return -1;
      }
      try {
        int m = cipher.update(sealed, 0, n, b, off);
        if (m != n) {
          throw new IllegalStateException("AES-CTR changed the length: " + n + " -> " + m);
        }
      } catch (javax.crypto.ShortBufferException e) {
        throw new IllegalStateException(e);
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
