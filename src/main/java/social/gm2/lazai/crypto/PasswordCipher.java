package social.gm2.lazai.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;

/**
 * Password-based OpenPGP encryption as LazAI's SDK does it (lazai-protocol §5): alith's {@code
 * encrypt} (openpgp.js) writes exactly this layout — a version-4 SKESK carrying an encrypted
 * session key (AES-256, iterated and salted S2K with SHA-256 and count byte 0xE0), then a SEIPD v1
 * packet with MDC around one uncompressed binary literal packet with an empty file name, all with
 * definite lengths. Decryption accepts whatever the references produce: binary or ASCII-armored,
 * with or without an encrypted session key, compressed or not, S2K with SHA-1 or SHA-256; it
 * insists on the MDC.
 *
 * <p>Both directions stream through fixed buffers, so a 100 MB payload is never held in memory. The
 * password is the UTF-8 of the whole string, {@code 0x} included.
 */
public final class PasswordCipher {
  private static final int BUFFER = 64 * 1024;

  private final Clock clock;
  private final MessageWriter writer;
  private final PGPDigestCalculatorProvider digests;

  public PasswordCipher(Clock clock, SecureRandom random) {
    this.clock = clock;
    this.writer = new MessageWriter(random);
    try {
      this.digests = new JcaPGPDigestCalculatorProviderBuilder().build();
    } catch (PGPException e) {
      throw new IllegalStateException("the JDK lacks the digests OpenPGP needs", e);
    }
  }

  /** Encrypts {@code plaintext} into a binary OpenPGP message. */
  public byte[] encrypt(byte[] plaintext, String password) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(plaintext.length + 128);
    encrypt(new ByteArrayInputStream(plaintext), plaintext.length, out, password);
    return out.toByteArray();
  }

  /**
   * Encrypts exactly {@code length} bytes read from {@code plaintext} into {@code message}. Neither
   * stream is closed.
   */
  public void encrypt(InputStream plaintext, long length, OutputStream message, String password) {
    try {
      writer.write(plaintext, length, clock.instant().getEpochSecond(), message, password);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the encrypted message", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES-256, SHA-1 or SHA-256", e);
    }
  }

  /** Decrypts a whole message; the plaintext is returned only once its MDC has been checked. */
  public byte[] decrypt(byte[] message, String password) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(32, message.length));
    decrypt(new ByteArrayInputStream(message), out, password);
    return out.toByteArray();
  }

  /**
   * Decrypts {@code message} (binary or armored) into {@code plaintext}. The MDC can only be
   * checked at the end, so if this throws, whatever was written to {@code plaintext} must be
   * discarded.
   */
  public void decrypt(InputStream message, OutputStream plaintext, String password) {
    PGPPBEEncryptedData sealed = passwordEncryptedData(message);
    if (!sealed.isIntegrityProtected()) {
      throw new IntegrityException(
          "the message has no integrity protection (MDC), so tampering could not be detected;"
              + " it is refused as openpgp.js refuses it");
    }
    InputStream clear = open(sealed, password);
    try {
      writeLiteral(new JcaPGPObjectFactory(clear), plaintext);
      if (!sealed.verify()) {
        throw new IntegrityException("the message was altered after encryption (MDC mismatch)");
      }
    } catch (EOFException e) {
      throw new MalformedMessageException("the message is truncated", e);
    } catch (IOException | PGPException e) {
      throw new IntegrityException(
          "the message decrypts but its content is damaged or altered: " + e.getMessage(), e);
    }
  }

  /** Header and body of the literal packet that holds {@code length} bytes. */
  static long literalPacketLength(long length) {
    return MessageWriter.literalPacketLength(length);
  }

  private static PGPPBEEncryptedData passwordEncryptedData(InputStream message) {
    try {
      JcaPGPObjectFactory objects = new JcaPGPObjectFactory(PGPUtil.getDecoderStream(message));
      Object next = objects.nextObject();
      while (next instanceof PGPMarker) {
        next = objects.nextObject();
      }
      if (!(next instanceof PGPEncryptedDataList list)) {
        throw new MalformedMessageException(
            "not an encrypted OpenPGP message (first packet: " + describe(next) + ")", null);
      }
      for (Object candidate : list) {
        if (candidate instanceof PGPPBEEncryptedData pbe) {
          return pbe;
        }
      }
      throw new MalformedMessageException(
          "the message is encrypted to a public key, not with a password", null);
    } catch (IOException e) {
      throw new MalformedMessageException(
          "not a readable OpenPGP message (" + e.getMessage() + ")", e);
    }
  }

  private InputStream open(PGPPBEEncryptedData sealed, String password) {
    try {
      return sealed.getDataStream(new FastDecryptorFactory(password, digests));
    } catch (PGPException e) {
      if (causedBy(e, EOFException.class)) {
        throw new MalformedMessageException("the message is truncated", e);
      }
      // A wrong password yields a random session key: its quick check or algorithm byte fails.
      throw new WrongPasswordException("the password does not open this message");
    }
  }

  private static void writeLiteral(JcaPGPObjectFactory objects, OutputStream plaintext)
      throws IOException, PGPException {
    for (Object next = objects.nextObject(); next != null; next = objects.nextObject()) {
      if (next instanceof PGPCompressedData compressed) {
        writeLiteral(new JcaPGPObjectFactory(compressed.getDataStream()), plaintext);
        return;
      }
      if (next instanceof PGPLiteralData literal) {
        InputStream in = literal.getInputStream();
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          plaintext.write(buffer, 0, n);
        }
        return;
      }
    }
    throw new IOException("no literal data packet inside the encryption");
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Object packet) {
    return packet == null ? "none" : packet.getClass().getSimpleName();
  }
}
