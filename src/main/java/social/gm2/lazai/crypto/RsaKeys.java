package social.gm2.lazai.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads the RSA keys peers exchange as PEM text: PKCS#1 public keys as nodes register them on
 * chain, SPKI and PKCS#8 as most tools write them, PKCS#1 private keys as the Python reference node
 * keeps them. The text often arrives mangled by JSON or an environment variable (CRLF, literal
 * {@code \n} escapes, indentation), so it is normalised first. Keys under {@value #MIN_BITS} bits
 * are refused: they would protect a password that unlocks the whole file.
 */
public final class RsaKeys {
  public static final int MIN_BITS = 1024;

  private static final String PKCS1_PUBLIC = "RSA PUBLIC KEY";
  private static final String SPKI = "PUBLIC KEY";
  private static final String PKCS1_PRIVATE = "RSA PRIVATE KEY";
  private static final String PKCS8 = "PRIVATE KEY";

  private RsaKeys() {}

  public static RSAPublicKey parsePublic(String pem) {
    PemObject object = read(pem, "public", List.of(PKCS1_PUBLIC, SPKI));
    org.bouncycastle.asn1.pkcs.RSAPublicKey key =
        decode(object, "public", RsaKeys::publicStructure);
    requireStrength(key.getModulus());
    try {
      return (RSAPublicKey)
          rsaFactory()
              .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    } catch (InvalidKeySpecException e) {
      throw new KeyFormatException("the JDK rejects this RSA public key", e);
    }
  }

  public static RSAPrivateKey parsePrivate(String pem) {
    PemObject object = read(pem, "private", List.of(PKCS1_PRIVATE, PKCS8));
    org.bouncycastle.asn1.pkcs.RSAPrivateKey key =
        decode(object, "private", RsaKeys::privateStructure);
    if (key.getVersion().signum() != 0) {
      throw new KeyFormatException("multi-prime RSA private keys are not supported");
    }
    requireStrength(key.getModulus());
    try {
      return (RSAPrivateKey) rsaFactory().generatePrivate(crtSpec(key));
    } catch (InvalidKeySpecException e) {
      throw new KeyFormatException("the JDK rejects this RSA private key", e);
    }
  }

  /**
   * The PKCS#1 PEM ("BEGIN RSA PUBLIC KEY") that node-rsa and the on-chain node registry expect.
   */
  public static String toPkcs1Pem(RSAPublicKey key) {
    byte[] der;
    try {
      der =
          new org.bouncycastle.asn1.pkcs.RSAPublicKey(key.getModulus(), key.getPublicExponent())
              .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of an RSA public key failed", e);
    }
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN "
        + PKCS1_PUBLIC
        + "-----\n"
        + body
        + "\n-----END "
        + PKCS1_PUBLIC
        + "-----\n";
  }

  /** Refuses a key given as an object (not parsed here) when it is too short. */
  static void requireStrength(RSAKey key) {
    requireStrength(key.getModulus());
  }

  static int modulusBytes(RSAKey key) {
    return (key.getModulus().bitLength() + 7) / 8;
  }

  private static void requireStrength(BigInteger modulus) {
    if (modulus.bitLength() < MIN_BITS) {
      throw new KeyFormatException(
          "key is " + modulus.bitLength() + " bits; at least " + MIN_BITS + " are required");
    }
  }

  private static PemObject read(String pem, String kind, List<String> types) {
    String expected = types.stream().map(t -> "BEGIN " + t).collect(Collectors.joining(" or "));
    String problem = "not a PEM RSA " + kind + " key: expected " + expected;
    PemObject object;
    try (PemReader reader = new PemReader(new StringReader(normalize(pem)))) {
      object = reader.readPemObject();
    } catch (IOException | RuntimeException e) {
      throw new KeyFormatException(
          "damaged PEM " + kind + " key: bad base64 or no matching END line", e);
    }
    if (object == null) {
      throw new KeyFormatException(problem + ", found no BEGIN line");
    }
    if (!types.contains(object.getType())) {
      throw new KeyFormatException(problem + ", found BEGIN " + object.getType());
    }
    if (!object.getHeaders().isEmpty()) {
      throw new KeyFormatException("encrypted PEM keys are not supported");
    }
    return object;
  }

  /** Undoes what JSON, environment variables and Windows do to PEM line breaks and indentation. */
  private static String normalize(String pem) {
    if (pem == null) {
      return "";
    }
    String unescaped = pem.replace("\\r", "").replace("\\n", "\n");
    return unescaped.lines().map(String::strip).collect(Collectors.joining("\n", "", "\n"));
  }

  private static <T> T decode(PemObject object, String kind, Function<PemObject, T> parser) {
    try {
      return parser.apply(object);
    } catch (KeyFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      // Bouncy Castle's ASN.1 parsers signal malformed input with assorted unchecked exceptions.
      throw new KeyFormatException(
          "the BEGIN " + object.getType() + " block does not hold a valid RSA " + kind + " key", e);
    }
  }

  private static org.bouncycastle.asn1.pkcs.RSAPublicKey publicStructure(PemObject object) {
    if (object.getType().equals(PKCS1_PUBLIC)) {
      return org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(object.getContent());
    }
    SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(object.getContent());
    requireRsa(info.getAlgorithm());
    try {
      return org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(info.parsePublicKey());
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable SPKI key bits", e);
    }
  }

  private static org.bouncycastle.asn1.pkcs.RSAPrivateKey privateStructure(PemObject object) {
    if (object.getType().equals(PKCS1_PRIVATE)) {
      return org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(object.getContent());
    }
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(object.getContent());
    requireRsa(info.getPrivateKeyAlgorithm());
    try {
      return org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(info.parsePrivateKey());
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable PKCS#8 key octets", e);
    }
  }

  private static void requireRsa(AlgorithmIdentifier algorithm) {
    if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm.getAlgorithm())) {
      throw new KeyFormatException(
          "not an RSA encryption key: algorithm " + algorithm.getAlgorithm().getId());
    }
  }

  private static RSAPrivateCrtKeySpec crtSpec(org.bouncycastle.asn1.pkcs.RSAPrivateKey key) {
    return new RSAPrivateCrtKeySpec(
        key.getModulus(),
        key.getPublicExponent(),
        key.getPrivateExponent(),
        key.getPrime1(),
        key.getPrime2(),
        key.getExponent1(),
        key.getExponent2(),
        key.getCoefficient());
  }

  private static KeyFactory rsaFactory() {
    try {
      return KeyFactory.getInstance("RSA");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no RSA key factory", e);
    }
  }
}
