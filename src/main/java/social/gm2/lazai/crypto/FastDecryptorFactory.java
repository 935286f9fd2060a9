package social.gm2.lazai.crypto;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.bouncycastle.bcpg.AEADEncDataPacket;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.S2K;
import org.bouncycastle.bcpg.SymmetricEncIntegrityPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyEncSessionPacket;
import org.bouncycastle.bcpg.SymmetricKeyUtils;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSessionKey;
import org.bouncycastle.openpgp.operator.PBEDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.PGPDataDecryptor;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.PGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcePBEDataDecryptorFactoryBuilder;

/**
 * Bouncy Castle parses the message; this factory does its two expensive parts faster for what
 * LazAI's references write — the S2K of iterated, salted or simple kind ({@link S2k}), and AES-CFB
 * SEIPD v1 decryption ({@link CfbDecryptingStream}) with a SHA-1 MDC — and leaves every other case
 * (Argon2, other ciphers, AEAD packets) to Bouncy Castle's own JCE factory.
 */
final class FastDecryptorFactory extends PBEDataDecryptorFactory {
  private static final Map<Integer, String> HASHES =
      Map.of(
          HashAlgorithmTags.SHA1, "SHA-1",
          HashAlgorithmTags.SHA224, "SHA-224",
          HashAlgorithmTags.SHA256, "SHA-256",
          HashAlgorithmTags.SHA384, "SHA-384",
          HashAlgorithmTags.SHA512, "SHA-512");

  // RFC 4880 §3.7.1 S2K kinds (Bouncy Castle deprecates its constants for the first two).
  private static final int SIMPLE = 0;
  private static final int SALTED = 1;
  private static final int ITERATED = 3;

  private final String password;
  private final PBEDataDecryptorFactory general;

  FastDecryptorFactory(String password, PGPDigestCalculatorProvider digests) {
    super(password.toCharArray(), digests);
    this.password = password;
    this.general = new JcePBEDataDecryptorFactoryBuilder(digests).build(password.toCharArray());
  }

  @Override
  public byte[] makeKeyFromPassPhrase(int keyAlgorithm, S2K s2k) throws PGPException {
    String hash = s2k == null ? null : HASHES.get(s2k.getHashAlgorithm());
    int type = s2k == null ? -1 : s2k.getType();
    if (hash == null || (type != SIMPLE && type != SALTED && type != ITERATED)) {
      return general.makeKeyFromPassPhrase(keyAlgorithm, s2k);
    }
    byte[] salt = type == SIMPLE ? null : s2k.getIV();
    long count = type == ITERATED ? s2k.getIterationCount() : 0;
    return S2k.derive(
        hash, salt, count, password, SymmetricKeyUtils.getKeyLengthInOctets(keyAlgorithm));
  }

  @Override
  public byte[] recoverSessionData(int keyAlgorithm, byte[] key, byte[] secKeyData)
      throws PGPException {
    return general.recoverSessionData(keyAlgorithm, key, secKeyData);
  }

  @Override
  public byte[] recoverAEADEncryptedSessionData(SymmetricKeyEncSessionPacket packet, byte[] key)
      throws PGPException {
    return general.recoverAEADEncryptedSessionData(packet, key);
  }

  @Override
  public PGPDataDecryptor createDataDecryptor(boolean withIntegrity, int algorithm, byte[] key)
      throws PGPException {
    boolean aes =
        algorithm == SymmetricKeyAlgorithmTags.AES_128
            || algorithm == SymmetricKeyAlgorithmTags.AES_192
            || algorithm == SymmetricKeyAlgorithmTags.AES_256;
    if (!withIntegrity || !aes) {
      return general.createDataDecryptor(withIntegrity, algorithm, key);
    }
    return new AesCfbDecryptor(key);
  }

  @Override
  public PGPDataDecryptor createDataDecryptor(AEADEncDataPacket packet, PGPSessionKey key)
      throws PGPException {
    return general.createDataDecryptor(packet, key);
  }

  @Override
  public PGPDataDecryptor createDataDecryptor(SymmetricEncIntegrityPacket packet, PGPSessionKey key)
      throws PGPException {
    return general.createDataDecryptor(packet, key);
  }

  /** SEIPD v1 content: AES-CFB with a zero IV, checked by a SHA-1 MDC. */
  private record AesCfbDecryptor(byte[] key) implements PGPDataDecryptor {
    @Override
    public InputStream getInputStream(InputStream in) {
      try {
        return new CfbDecryptingStream(in, key);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("the JDK lacks AES", e);
      }
    }

    @Override
    public int getBlockSize() {
      return 16;
    }

    @Override
    public PGPDigestCalculator getIntegrityCalculator() {
      return new Sha1Calculator();
    }
  }

  /** The MDC's SHA-1, fed in whole buffers rather than byte by byte. */
  private static final class Sha1Calculator implements PGPDigestCalculator {
    private final MessageDigest sha1;

    Sha1Calculator() {
      try {
        sha1 = MessageDigest.getInstance("SHA-1");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK lacks SHA-1", e);
      }
    }

    @Override
    public int getAlgorithm() {
      return HashAlgorithmTags.SHA1;
    }

    @Override
    public OutputStream getOutputStream() {
      return new OutputStream() {
        @Override
        public void write(int b) {
          sha1.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
          sha1.update(b, off, len);
        }
      };
    }

    @Override
    public byte[] getDigest() {
      return sha1.digest();
    }

    @Override
    public void reset() {
      sha1.reset();
    }
  }
}
